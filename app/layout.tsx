import type { Metadata, Viewport } from "next";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import Link from "next/link";
import { focusRing } from "./_components/styles";
import "./globals.css";

export const metadata: Metadata = {
  title: "Rehearse — mock interviews for web frameworks",
  description: "Practise Django, Flask and FastAPI interview answers and get graded against a reference.",
  icons: { icon: "/favicon.svg" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#09090b" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-dvh bg-white font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <a
          href="#main"
          className={`sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-zinc-900 ${focusRing}`}
        >
          Skip to content
        </a>
        <header className="border-b border-zinc-200 dark:border-zinc-800">
          <nav aria-label="Main" className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
            <Link href="/" className={`rounded font-semibold tracking-tight ${focusRing}`}>
              Rehearse
            </Link>
            <span className="flex gap-4">
              <Link
                href="/progress"
                className={`rounded text-sm font-medium text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white ${focusRing}`}
              >
                Progress
              </Link>
              <Link
                href="/questions"
                className={`rounded text-sm font-medium text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white ${focusRing}`}
              >
                Question bank
              </Link>
            </span>
          </nav>
        </header>
        {children}
      </body>
    </html>
  );
}
