import { describe, expect, it } from "vitest";
import { tracksNamedIn } from "@/lib/bank/tracks";
import { trackNamedIn } from "@/lib/search/search";

describe("tracks a text names", () => {
  it("finds framework names as people write and dictate them", () => {
    expect(tracksNamedIn("FastAPI's TestClient")).toEqual(["fastapi"]);
    expect(tracksNamedIn("um so in fast api you use depends")).toEqual(["fastapi"]);
    expect(tracksNamedIn("Unlike Django, Flask keeps the session in a cookie")).toEqual(["django", "flask"]);
    expect(tracksNamedIn("a flaskful of django-ish ideas")).toEqual(["django"]);
    expect(tracksNamedIn("the session lives in a signed cookie")).toEqual([]);
  });

  it("gives search the one track a query names, and none when it names two", () => {
    expect(trackNamedIn("how do blueprints work in Flask")).toBe("flask");
    expect(trackNamedIn("Django or Flask for sessions?")).toBeUndefined();
  });
});
