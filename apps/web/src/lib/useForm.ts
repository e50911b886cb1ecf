import { useEffect, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../i18n/errorText.ts';
import { translateKey } from '../i18n/index.ts';
import { ApiError } from './api.ts';

/** Validation result: field name -> i18n key of the message. */
export type FieldErrors<K extends string> = Partial<Record<K, string>>;

export interface UseFormOptions<K extends string> {
  initial: Record<K, string>;
  /** Client-side rules; returns i18n keys. */
  validate: (values: Record<K, string>) => FieldErrors<K>;
  /** Sends the form; throw to show an error. */
  submit: (values: Record<K, string>) => Promise<void>;
  /** Which field a server error belongs to (e.g. `user.username_taken` -> username); null for the form. */
  fieldOf?: (err: ApiError) => K | null;
}

/** The props a form field needs; spread them into `<Field>`. */
export interface BoundField {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  onBlur: () => void;
}

/**
 * Form state shared by every form: values, inline errors (shown once a field was left or the form was
 * submitted), server errors placed next to their field, a pending flag, and the Korean IME guard.
 */
export function useForm<K extends string>(options: UseFormOptions<K>) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState(options.initial);
  const [touched, setTouched] = useState<ReadonlySet<K>>(new Set());
  const [submitCount, setSubmitCount] = useState(0);
  const [serverErrors, setServerErrors] = useState<Partial<Record<K, string>>>({});
  const [formError, setFormError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const clientErrors = options.validate(values);

  // After a rejected submit, take the keyboard to the first field that needs fixing.
  useEffect(() => {
    if (submitCount === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [submitCount]);

  const errorOf = (name: K): string | undefined => {
    const server = serverErrors[name];
    if (server) return server;
    const key = touched.has(name) || submitCount > 0 ? clientErrors[name] : undefined;
    return key ? (translateKey(key) ?? t('errors.unknown')) : undefined;
  };

  const field = (name: K): BoundField => ({
    name,
    value: values[name],
    error: errorOf(name),
    onChange: (event) => {
      const value = event.target.value;
      setValues((prev) => ({ ...prev, [name]: value }));
      setServerErrors((prev) => ({ ...prev, [name]: undefined }));
    },
    // Leaving an empty field untouched is not a mistake yet; the submit will say what is required.
    onBlur: () => {
      if (values[name] !== '') setTouched((prev) => (prev.has(name) ? prev : new Set(prev).add(name)));
    },
  });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    setFormError(null);
    if (Object.values(clientErrors).some(Boolean)) {
      setSubmitCount((n) => n + 1);
      return;
    }
    setPending(true);
    try {
      await options.submit(values);
    } catch (err) {
      const placed = err instanceof ApiError ? placeServerError(err, values, options.fieldOf) : null;
      if (placed) {
        setServerErrors((prev) => ({ ...prev, [placed.field]: placed.message }));
        setSubmitCount((n) => n + 1);
      } else {
        setFormError(err);
      }
    } finally {
      setPending(false);
    }
  };

  // Enter that confirms a Korean IME composition must not submit the half-typed form.
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.nativeEvent.isComposing || event.keyCode === 229))
      event.preventDefault();
  };

  const reset = () => {
    setValues(options.initial);
    setTouched(new Set());
    setSubmitCount(0);
    setServerErrors({});
    setFormError(null);
  };

  return {
    formRef,
    values,
    pending,
    formError: formError === null ? null : errorText(formError),
    field,
    reset,
    formProps: {
      ref: formRef,
      noValidate: true,
      onSubmit: (e: FormEvent<HTMLFormElement>) => void onSubmit(e),
      onKeyDown,
    },
  };
}

/** The field a server error belongs to (by the caller's mapping, or the server's validation `fields`). */
function placeServerError<K extends string>(
  err: ApiError,
  values: Record<K, string>,
  fieldOf: ((err: ApiError) => K | null) | undefined,
): { field: K; message: string } | null {
  const mapped = fieldOf?.(err);
  if (mapped) return { field: mapped, message: errorText(err) };
  // The server validates with the same shared schemas, so its field messages are our i18n keys.
  const first = err.fields.find((f) => Object.hasOwn(values, f.path));
  if (!first) return null;
  return { field: first.path as K, message: translateKey(first.message) ?? errorText(err) };
}
