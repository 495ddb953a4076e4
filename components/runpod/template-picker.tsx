import { controlClasses } from "@/components/ui/control-classes";
import { Field, Input } from "@/components/ui/input";

export interface TemplateOption { id: string; name: string; image: string }

/** The account's serverless templates (read on the server through the v2 adapter), or why they could not be read. */
export type TemplateList = { ok: true; templates: TemplateOption[] } | { ok: false; error: string };

interface Props {
  templates: TemplateList | null;
  /** The RunPod credential's template id, if it has one: preselected, and offered even when it is not one of the account's own (a public template). */
  defaultTemplateId: string | null;
  error?: string;
}

/**
 * A list to pick from when RunPod gave the account's templates; a typed id otherwise (no
 * serverless template yet, or RunPod could not be read), so the form never depends on that read.
 */
export function TemplatePicker({ templates, defaultTemplateId, error }: Props) {
  const own = templates?.ok ? templates.templates : [];
  if (own.length === 0) {
    const why = !templates ? null : templates.ok
      ? "This RunPod account has no serverless template yet: create one under My Templates in the RunPod console, or type a public template's id."
      : `The account's templates could not be listed: ${templates.error}`;
    return (
      <Field label="Template id" hint={why ?? "As shown under My Templates in the RunPod console."} error={error}>
        <Input name="templateId" defaultValue={defaultTemplateId ?? ""} autoComplete="off" />
      </Field>
    );
  }
  const extra = defaultTemplateId && !own.some((t) => t.id === defaultTemplateId) ? defaultTemplateId : null;
  return (
    <Field label="Template" hint="The account's serverless templates, as listed by RunPod." error={error}>
      <select name="templateId" defaultValue={defaultTemplateId ?? own[0].id} className={controlClasses}>
        {own.map((t) => (
          <option key={t.id} value={t.id}>{t.name} ({t.image || t.id})</option>
        ))}
        {extra && <option value={extra}>{extra} (the RunPod credential&apos;s template id)</option>}
      </select>
    </Field>
  );
}
