import type { SVGProps } from 'react';

/** A megaphone: the notice banner's mark. */
export function MegaphoneIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false" {...props}>
      <path
        d="M3 8.5v3h2.5L12 15V5L5.5 8.5H3zM14.5 7.5a3.5 3.5 0 0 1 0 5M6 11.5l1 4h2l-1-3.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}

/** A push pin: "pin as notice". */
export function PinIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false" {...props}>
      <path
        d="M6 2.5h4M7 2.5v4L4.5 9h7L9 6.5v-4M8 9v4.5"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
