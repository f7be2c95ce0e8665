import { describe, expect, it } from "vitest";
import {
  chooseMode,
  initialVoiceCapture,
  MICROPHONE_BLOCKED,
  NO_SPEECH,
  voiceCaptureReducer,
  type VoiceCaptureEvent,
  type VoiceCaptureState,
  type VoiceSupport,
} from "@/app/_components/voice/voice-capture-state";
import type { Recording } from "@/app/_components/voice/transcription-client";
import { deliveryMetricsSchema, type DeliveryMetrics } from "@/lib/voice/delivery-schema";

const bothWays: VoiceSupport = { live: true, server: true, record: true };
const metrics: DeliveryMetrics = deliveryMetricsSchema.parse({
  durationSec: 12.5,
  wordCount: 30,
  wordsPerMinute: 144,
  pace: "comfortable",
  fillers: { total: 1, perMinute: 4.8, items: [{ term: "um", count: 1 }] },
  longPauses: { count: 0, longestSec: 0, source: "silence", pauses: [] },
  firstKeyPoint: null,
  technicalTerms: [],
  guidance: [],
});
const recording: Recording = { blob: new Blob(["audio"], { type: "audio/webm" }), durationMs: 12_500, silences: [] };

function run(events: VoiceCaptureEvent[], from: VoiceCaptureState = initialVoiceCapture): VoiceCaptureState {
  return events.reduce(voiceCaptureReducer, from);
}
const checked = (support: VoiceSupport = bothWays) => run([{ type: "supportChecked", support }]);
const recordingNow = (support?: VoiceSupport) => run([{ type: "startRequested" }, { type: "recordingStarted" }], checked(support));

describe("how an answer is captured", () => {
  it("uses the browser's recogniser unless the candidate prefers the server", () => {
    expect(chooseMode(bothWays, false)).toBe("live");
    expect(chooseMode(bothWays, true)).toBe("server");
  });

  it("falls back to whichever side can transcribe, and to typing when neither can", () => {
    expect(chooseMode({ live: false, server: true, record: true }, false)).toBe("server");
    expect(chooseMode({ live: true, server: false, record: true }, true)).toBe("live");
    expect(chooseMode({ live: false, server: false, record: true }, true)).toBe("none");
  });
});

describe("the voice capture state machine", () => {
  it("waits for the support check before anything can start", () => {
    expect(initialVoiceCapture.support).toBeNull();
    expect(checked().support).toEqual(bothWays);
    expect(checked().phase).toBe("idle");
  });

  it("records, counts the time, transcribes and delivers the metrics", () => {
    let state = recordingNow();
    expect(state.phase).toBe("recording");
    state = run([{ type: "ticked", elapsedSec: 2.3 }], state);
    expect(state.elapsedSec).toBe(2.3);
    state = run([{ type: "transcribeStarted" }], state);
    expect(state.phase).toBe("transcribing");
    state = run([{ type: "delivered", text: "the factory pattern", metrics }], state);
    expect(state).toMatchObject({ phase: "done", metrics, error: null, failed: null });
  });

  it("shows what the live recogniser hears while recording, and clears it when delivered", () => {
    let state = run([{ type: "liveHeard", text: "the application" }], recordingNow());
    expect(state.liveText).toBe("the application");
    state = run([{ type: "transcribeStarted" }, { type: "delivered", text: "the application factory", metrics }], state);
    expect(state.liveText).toBe("");
  });

  it("says so when no speech was recognised", () => {
    const state = run([{ type: "transcribeStarted" }, { type: "delivered", text: "  ", metrics }], recordingNow());
    expect(state).toMatchObject({ phase: "done", error: NO_SPEECH });
  });

  it("stays idle with an explanation when the microphone is blocked", () => {
    const state = run([{ type: "startRequested" }, { type: "microphoneBlocked" }], checked());
    expect(state).toMatchObject({ phase: "idle", error: MICROPHONE_BLOCKED });
  });

  it("keeps a recording whose transcription failed, and a retry can deliver it", () => {
    let state = run([{ type: "transcribeStarted" }, { type: "transcriptionFailed", recording, message: "Your recording is kept: try again." }], recordingNow());
    expect(state).toMatchObject({ phase: "idle", failed: recording, error: "Your recording is kept: try again." });
    state = run([{ type: "transcribeStarted" }], state);
    expect(state).toMatchObject({ phase: "transcribing", error: null });
    state = run([{ type: "delivered", text: "the factory pattern", metrics }], state);
    expect(state).toMatchObject({ phase: "done", failed: null, metrics });
  });

  it("points to server transcription when the browser's recogniser fails and the server can transcribe", () => {
    const state = run([{ type: "liveFailed", failure: "network" }], recordingNow());
    expect(state.phase).toBe("idle");
    expect(state.error).toBe(`The browser's speech recognition failed (network). Tick "Use server transcription" below and try again, or type your answer.`);
    const liveOnly = run([{ type: "liveFailed", failure: "network" }], recordingNow({ live: true, server: false, record: true }));
    expect(liveOnly.error).toContain("speech recognition failed (network)");
    expect(liveOnly.error).not.toContain("server transcription");
    const refused = run([{ type: "liveFailed", failure: "not-allowed" }], recordingNow());
    expect(refused.error).toBe("Speech recognition was not allowed. Allow the microphone, or type your answer.");
  });

  it("finishes a live answer without metrics when delivery cannot be measured", () => {
    const state = run([{ type: "transcribeStarted" }, { type: "deliveryUnavailable", reason: "The server answered 502. Please try again." }], recordingNow());
    expect(state).toMatchObject({ phase: "done", metrics: null, error: "Delivery metrics are unavailable: The server answered 502. Please try again." });
  });

  it("starting again clears the last answer's outcome but keeps its download link", () => {
    const done = run(
      [
        { type: "recordingKept", url: "blob:answer" },
        { type: "ticked", elapsedSec: 5 },
        { type: "transcribeStarted" },
        { type: "delivered", text: "", metrics },
      ],
      recordingNow(),
    );
    const again = run([{ type: "startRequested" }], done);
    expect(again).toMatchObject({ phase: "idle", error: null, metrics: null, failed: null, liveText: "", elapsedSec: 0, download: "blob:answer" });
  });

  it("ignores events the current phase does not expect", () => {
    const idle = checked();
    // Nothing to retry, nothing being transcribed, no clock running.
    expect(run([{ type: "transcribeStarted" }], idle)).toBe(idle);
    expect(run([{ type: "delivered", text: "late", metrics }], idle)).toBe(idle);
    expect(run([{ type: "ticked", elapsedSec: 3 }], idle)).toBe(idle);
    // A second start while recording, or a recogniser result after it stopped.
    const recording = recordingNow();
    expect(run([{ type: "startRequested" }], recording)).toBe(recording);
    const transcribing = run([{ type: "transcribeStarted" }], recording);
    expect(
      run(
        [
          { type: "liveHeard", text: "late" },
          { type: "ticked", elapsedSec: 9 },
        ],
        transcribing,
      ),
    ).toBe(transcribing);
  });
});
