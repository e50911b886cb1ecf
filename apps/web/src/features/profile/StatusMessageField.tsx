import { STATUS_MESSAGE_MAX } from '@messenger/shared';
import { useTranslation } from 'react-i18next';
import { Field, type FieldProps } from '../../ui/Field.tsx';

/** The status message input ("회의 중", "휴가 중"), the same in the status dialog and the profile dialog. */
export function StatusMessageField(props: Omit<FieldProps, 'label' | 'hint' | 'maxLength' | 'placeholder'>) {
  const { t } = useTranslation();
  return (
    <Field
      label={t('shell.statusLabel')}
      hint={t('shell.statusHint', { max: STATUS_MESSAGE_MAX })}
      maxLength={STATUS_MESSAGE_MAX}
      placeholder={t('shell.statusPlaceholder')}
      autoComplete="off"
      {...props}
    />
  );
}
