import { Entrance } from "@/components/ui/motion";

// A template remounts on every navigation, so each page reached by a click enters once.
export default function OrgTemplate({ children }: { children: React.ReactNode }) {
  return <Entrance>{children}</Entrance>;
}
