type Variant = "primary" | "secondary";
type Size = "sm" | "md" | "lg";

const VARIANT: Record<Variant, string> = {
  primary: "bg-slate-900 font-medium text-white hover:bg-slate-700",
  secondary: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-100",
};

const SIZE: Record<Size, string> = {
  sm: "px-2 py-1 text-xs",
  md: "px-3 py-1 text-sm",
  lg: "px-4 py-2",
};

/** The look of a button, for links that act as one (exports) as well as buttons. */
export function buttonClass({ variant = "secondary", size = "md", className = "" }: { variant?: Variant; size?: Size; className?: string } = {}): string {
  return `inline-flex items-center justify-center rounded focus-visible:outline-2 focus-visible:outline-sky-600 disabled:opacity-60 ${VARIANT[variant]} ${SIZE[size]} ${className}`;
}

/** A button; `type="button"` unless it submits a form, so it never submits one by accident. */
export function Button({ variant, size, className, type = "button", ...props }: React.ComponentProps<"button"> & { variant?: Variant; size?: Size }) {
  return <button type={type} className={buttonClass({ variant, size, className })} {...props} />;
}
