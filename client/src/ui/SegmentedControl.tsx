/** A choice of two or three ways to show the same thing: toggle buttons in one group, the chosen one pressed. */
export function SegmentedControl<V extends string>({ label, options, value, onChange }: { label: string; options: { value: NoInfer<V>; label: string }[]; value: V; onChange(value: NoInfer<V>): void }) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((option) => (
        <button key={option.value} type="button" aria-pressed={option.value === value} onClick={() => onChange(option.value)}>
          {option.label}
        </button>
      ))}
    </div>
  );
}
