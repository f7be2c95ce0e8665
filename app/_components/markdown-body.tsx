import ReactMarkdown from "react-markdown";
import type { PluggableList } from "unified";
import remarkGfm from "remark-gfm";

/** GitHub-flavoured markdown, raw HTML not rendered; markdown.tsx adds code highlighting on top. */
export function MarkdownBody({ children, className = "", rehypePlugins }: { children: string; className?: string; rehypePlugins?: PluggableList }) {
  return (
    <div className={`markdown ${className}`}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} rehypePlugins={rehypePlugins}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
