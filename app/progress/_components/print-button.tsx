"use client";

import { secondaryButton } from "@/app/_components/styles";

/** Prints the page; the print stylesheet leaves only the report. */
export function PrintButton() {
  return (
    <button type="button" className={secondaryButton} onClick={() => window.print()} data-testid="print-report">
      Print / save as PDF
    </button>
  );
}
