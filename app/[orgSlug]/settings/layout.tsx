import { SettingsNav } from "@/components/settings/settings-nav";

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  return (
    <>
      <SettingsNav orgSlug={orgSlug} />
      {children}
    </>
  );
}
