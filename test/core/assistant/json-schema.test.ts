import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { answerJsonSchema } from "../../../src/core/assistant/json-schema";
import { draftAnswerSchema } from "../../../src/core/assistant/schema";

describe("the committed answer JSON Schema", () => {
	it("is what zod generates from draftAnswerSchema today (else run `npm run schema`)", () => {
		const generated = z.toJSONSchema(draftAnswerSchema, { io: "input", unrepresentable: "any" });
		expect(answerJsonSchema()).toEqual(JSON.parse(JSON.stringify(generated)));
	});

	it("gives a fresh copy each time", () => {
		const a = answerJsonSchema();
		a.type = "changed";
		expect(answerJsonSchema().type).toBe("object");
	});
});
