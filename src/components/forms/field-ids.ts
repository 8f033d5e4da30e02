// The ids that tie a form control to its label, hint and error (aria-describedby).
export function fieldIds(name: string, hint: string | undefined, error: string | undefined) {
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return { id, describedBy };
}
