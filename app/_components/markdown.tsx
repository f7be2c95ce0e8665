import rehypeHighlight from "rehype-highlight";
import { MarkdownBody } from "./markdown-body";

/** Bank answers and interviewer text: GitHub-flavoured markdown with highlighted code. Raw HTML is not rendered. */
export function Markdown({ children, className = "" }: { children: string; className?: string }) {
  return (
    <MarkdownBody className={className} rehypePlugins={[[rehypeHighlight, { detect: false }]]}>
      {children}
    </MarkdownBody>
  );
}
