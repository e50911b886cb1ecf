import { LanguagePicker } from './LanguagePicker.tsx';
import { ThemePicker } from './ThemePicker.tsx';

/** Theme and language. */
export function AppearanceSection() {
  return (
    <section className="settings-section settings-section--stack">
      <ThemePicker />
      <LanguagePicker />
    </section>
  );
}
