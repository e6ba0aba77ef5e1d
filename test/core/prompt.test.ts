import { afterEach, describe, expect, it } from "vitest";
import { setLanguage } from "../../src/core/i18n";
import { appendContext, buildPrompt, compileInjector, promptWarningText, type PromptCharacter } from "../../src/core/prompt";

const bible: PromptCharacter[] = [
	{ name: "Alice", id: "@alice.cameo", aliases: [] },
	{ name: "Bob", id: "@bob", aliases: ["Bobby"] },
	{ name: "Carol", aliases: [] },
	{ name: "小美", id: "@xiaomei", aliases: [] },
];
const inj = compileInjector(bible);
const build = (text: string, plain = false, extra: { scene?: string; props?: string[]; note?: string } = {}, characters = inj) =>
	buildPrompt({ text, ...extra }, characters, plain);
const p = (text: string, plain = false) => build(text, plain).prompt;

describe("strict [Name] injection", () => {
	it("turns markers into Name @id, aliases like names", () => {
		expect(p("[Alice] walks in. [Bobby] waves at [Bob].")).toBe("Alice @alice.cameo walks in. Bobby @bob waves at Bob @bob .");
	});

	it("leaves text in straight and curly double quotes alone", () => {
		expect(p('[Alice] says "[Bob] is here" and “[Bob]”.')).toBe('Alice @alice.cameo says "[Bob] is here" and “[Bob]”.');
	});

	it("matches the longest name first", () => {
		const i = compileInjector([
			{ name: "Ann", id: "@ann", aliases: [] },
			{ name: "Anna", id: "@anna", aliases: [] },
			{ name: "Dr. X (2)", id: "@drx", aliases: [] },
		]);
		expect(build("[Anna] and [Ann] meet [Dr. X (2)]", false, {}, i).prompt).toBe("Anna @anna and Ann @ann meet Dr. X (2) @drx");
	});

	it("does not treat wikilinks or Markdown links as markers", () => {
		expect(p("See [[Alice]] and [Alice](https://x.test).")).toBe("See [[Alice]] and [Alice](https://x.test).");
	});

	it("does not inject twice when the id already follows", () => {
		expect(p("[Alice] @alice.cameo walks")).toBe("Alice @alice.cameo walks");
		expect(p("[Alice](@alice.cameo) walks")).toBe("[Alice](@alice.cameo ) walks");
		expect(p("[Alice]@alice.cameo walks")).toBe("Alice @alice.cameo walks");
	});

	it("seed §5.2 strict example, adapted to Name @id", () => {
		const i = compileInjector([
			{ name: "Alice", id: "@alice", aliases: [] },
			{ name: "Bob", id: "@bob_1", aliases: [] },
		]);
		expect(build('[Alice]看着Alice的照片。[Bob]说："[Alice]你好"', true, {}, i).prompt).toBe('Alice @alice 看着Alice的照片。Bob @bob_1 说："[Alice]你好"');
	});
});

describe("warnings for markers without an id", () => {
	it("suggests a close known name", () => {
		const w = build("[Alcie] waves. [Bbo] nods.").warnings;
		expect(w).toEqual([
			{ kind: "unknown-character", name: "Alcie", suggestion: "Alice" },
			{ kind: "unknown-character", name: "Bbo", suggestion: "Bob" },
		]);
		expect(w.map(promptWarningText)).toEqual(["[Alcie] has no character id; did you mean Alice?", "[Bbo] has no character id; did you mean Bob?"]);
	});

	it("names characters in the bible without an id, and unknown names without a guess", () => {
		const w = build("[Carol] and [Zed] and [Carol]").warnings;
		expect(w).toEqual([
			{ kind: "missing-character-id", name: "Carol" },
			{ kind: "unknown-character", name: "Zed" },
		]);
		expect(w.map(promptWarningText)).toEqual(["[Carol] has no character id", "[Zed] has no character id"]);
	});

	it("ignores bracketed tags that are not names, and markers in quotes", () => {
		expect(build('[Style Tags: art(anime, 2d); 镜头: Close-up] "[Zed]" [Alice]').warnings).toEqual([]);
	});

	it("leaves the unknown marker as written", () => {
		expect(p("[Alcie] waves")).toBe("[Alcie] waves");
	});
});

describe("plain-name injection (Settings.plainNameInjection)", () => {
	it("is off by default", () => {
		expect(p("Alice walks")).toBe("Alice walks");
	});

	it("seed §5.2 legacy example, adapted to Name @id", () => {
		const i = compileInjector([{ name: "Alice", id: "@alice", aliases: [] }]);
		const out = build('Alice meets Bob. Alice says "Alice is here" and “Alice”.', true, { scene: "Park", props: ["Umbrella", "Hat"], note: "wide" }, i);
		expect(out.prompt).toBe(
			'Alice @alice meets Bob. Alice @alice says "Alice is here" and “Alice”. [Scene: Park | Props: Umbrella, Hat] (Director Note: wide)',
		);
	});

	it("uses word boundaries for ASCII names and none for CJK names", () => {
		expect(p("Malice and Alicia and Alice_2 meet Alice", true)).toBe("Malice and Alicia and Alice_2 meet Alice @alice.cameo");
		expect(p("小美走进教室", true)).toBe("小美 @xiaomei 走进教室");
		expect(p("Bobby and Bob", true)).toBe("Bobby @bob and Bob @bob");
	});

	it("never double-injects when the id already follows, and leaves emails alone", () => {
		expect(p("Alice @alice.cameo walks", true)).toBe("Alice @alice.cameo walks");
		expect(p("Alice(@alice.cameo ) walks", true)).toBe("Alice(@alice.cameo ) walks");
		const i = compileInjector([{ name: "bob", id: "@bob", aliases: [] }]);
		expect(build("mail bob@example.com now", true, {}, i).prompt).toBe("mail bob@example.com now");
	});

	it("is a fallback: not used when the prompt has a [Name] marker", () => {
		expect(p("[Alice] looks at Bob", true)).toBe("Alice @alice.cameo looks at Bob");
	});
});

describe("spacing of handles", () => {
	it("keeps CJK text after an id, separated by one space", () => {
		expect(p("[小美]走进教室")).toBe("小美 @xiaomei 走进教室");
		expect(p("小美@xiaomei走进教室")).toBe("小美 @xiaomei 走进教室");
	});

	it("separates a sentence period from a handle (handles may contain dots)", () => {
		expect(p("Then [Alice].")).toBe("Then Alice @alice.cameo .");
		expect(p("Then [Alice], later")).toBe("Then Alice @alice.cameo , later");
		// A longer handle that merely starts with a known one is not touched.
		expect(p("see @alice.cameo2 and @alice.cameo.x")).toBe("see @alice.cameo2 and @alice.cameo.x");
	});

	it("collapses whitespace and trims", () => {
		expect(p("  [Alice]\n\n   walks\t in  ")).toBe("Alice @alice.cameo walks in");
	});
});

describe("scene, props and director note (seed §5.2)", () => {
	it("appends only the parts that exist, in the original order", () => {
		expect(appendContext("x", "Park")).toBe("x [Scene: Park]");
		expect(appendContext("x", undefined, ["a", " ", "b"])).toBe("x [Props: a, b]");
		expect(appendContext("x", undefined, [], "wide")).toBe("x (Director Note: wide)");
		expect(appendContext("x", "  ", [], "  ")).toBe("x");
	});

	it("demo segment 1", () => {
		const out = build("A futuristic city skyline at dusk, flying cars weaving between neon towers. Cyberpunk style.", false, {
			scene: "Future City",
			note: "Establishing shot.",
		});
		expect(out.prompt).toBe(
			"A futuristic city skyline at dusk, flying cars weaving between neon towers. Cyberpunk style. [Scene: Future City] (Director Note: Establishing shot.)",
		);
	});

	it("does not inject names inside the appended scene or props", () => {
		expect(build("[Alice] runs", false, { scene: "Alice's room", props: ["Bob's hat"] }).prompt).toBe(
			"Alice @alice.cameo runs [Scene: Alice's room | Props: Bob's hat]",
		);
	});
});

describe("no bible", () => {
	it("changes nothing but spacing", () => {
		expect(buildPrompt({ text: " [Alice]  walks " }, compileInjector([])).prompt).toBe("[Alice] walks");
	});
});

describe("prompt warnings in Chinese (issue 19)", () => {
	afterEach(() => setLanguage("en"));

	it("renders the typed warnings through the catalog; the prompt itself stays as written", () => {
		setLanguage("zh");
		expect(promptWarningText({ kind: "missing-character-id", name: "Carol" })).toBe("[Carol] 没有角色 id");
		expect(promptWarningText({ kind: "unknown-character", name: "Alcie", suggestion: "Alice" })).toBe("[Alcie] 没有角色 id；是否想写 Alice？");
		expect(promptWarningText({ kind: "unknown-character", name: "Zed" })).toBe("[Zed] 没有角色 id");
		expect(appendContext("x", undefined, undefined, "slow")).toBe("x (Director Note: slow)");
	});
});
