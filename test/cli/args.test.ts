/**
 * The flag parser (node:util parseArgs underneath): the forms it accepts and the
 * one-line usage errors it gives, in English and Chinese.
 */
import { afterEach, describe, expect, it } from "vitest";
import { intFlag, numFlag, parseArgs, UsageError, type FlagSpec } from "../../src/cli/args";
import { setLanguage } from "../../src/core/i18n";

afterEach(() => setLanguage("en"));

const SPEC: Record<string, FlagSpec> = {
	model: { type: "string" },
	json: { type: "boolean" },
	"link-style": { type: "string", values: ["wiki", "markdown"] },
};

function error(argv: string[]): string {
	try {
		parseArgs(argv, SPEC);
	} catch (e) {
		expect(e).toBeInstanceOf(UsageError);
		return (e as Error).message;
	}
	throw new Error("no usage error");
}

describe("parseArgs", () => {
	it("takes --name value, --name=value and boolean flags; the last one wins", () => {
		expect(parseArgs(["Ep.md", "--model", "a", "--json", "--model=b=c", "--link-style", "wiki"], SPEC)).toEqual({
			positional: ["Ep.md"],
			flags: { model: "b=c", json: true, "link-style": "wiki" },
		});
		expect(parseArgs(["--model="], SPEC).flags).toEqual({ model: "" });
	});

	it("keeps everything after -- and every argument that is not a long option as positional", () => {
		expect(parseArgs(["-", "-v", "-ab", "x", "--", "--json", "--nope"], SPEC)).toEqual({
			positional: ["-", "-v", "-ab", "x", "--json", "--nope"],
			flags: {},
		});
		expect(parseArgs(["--model", "-1"], SPEC).flags).toEqual({ model: "-1" });
	});

	it("gives one line for each kind of mistake", () => {
		expect(error(["--nope"])).toBe("unknown option --nope");
		expect(error(["--json=yes"])).toBe("--json takes no value");
		expect(error(["--model"])).toBe("--model needs a value");
		expect(error(["--model", "--json"])).toBe("--model needs a value");
		expect(error(["--link-style", "html"])).toBe("--link-style must be wiki or markdown (got html)");
	});

	it("gives them in Chinese too", () => {
		setLanguage("zh");
		expect(error(["--nope"])).toBe("未知选项 --nope");
		expect(error(["--model"])).toBe("--model 需要一个值");
		expect(error(["--link-style", "html"])).toBe("--link-style 只能是 wiki或markdown（收到 html）");
	});
});

describe("intFlag and numFlag", () => {
	it("check the range", () => {
		expect(intFlag({ takes: "3" }, "takes", 1, 10)).toBe(3);
		expect(() => intFlag({ takes: "11" }, "takes", 1, 10)).toThrow("--takes must be a whole number from 1 to 10 (got 11)");
		expect(numFlag({ fps: "23.976" }, "fps", 1)).toBe(23.976);
		expect(() => numFlag({ fps: "0" }, "fps", 1)).toThrow("--fps must be a number ≥ 1 (got 0)");
		setLanguage("zh");
		expect(() => intFlag({ takes: "0" }, "takes", 1, 10)).toThrow("--takes 必须是 1 到 10 之间的整数（收到 0）");
	});
});
