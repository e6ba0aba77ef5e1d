/**
 * Words shared by every surface: units and counted nouns. One area of the
 * message catalog: `en` is the reference, `zh` must have the same keys and
 * placeholders (test/core/i18n/catalog.test.ts).
 */
import type { Translation } from "../types";

export const en = {
	"common.jobs": { one: "{count} job", other: "{count} jobs" },
	"common.shots": { one: "{count} shot", other: "{count} shots" },
	"common.videos": { one: "{count} video", other: "{count} videos" },
	"common.unknown": "unknown",
	"common.none": "none",
	"common.yes": "yes",
	"common.no": "no",
	"common.cancel": "Cancel",
	"common.close": "Close",
	"common.shotRef": "{path}:{line} shot {shot}",
	"common.lineRef": "{path}:{line}",
	"common.estimate": "estimate",
	"common.price.unknown": "no price known for this model",
	"common.price.override": "your price setting for {model}",
	"common.price.overridePartial": "your price setting for {model}; otherwise {source}",
} as const;

export const zh: Translation<typeof en> = {
	"common.jobs": { other: "{count} 个任务" },
	"common.shots": { other: "{count} 个分镜" },
	"common.videos": { other: "{count} 个视频" },
	"common.unknown": "未知",
	"common.none": "无",
	"common.yes": "是",
	"common.no": "否",
	"common.cancel": "取消",
	"common.close": "关闭",
	"common.shotRef": "{path}:{line} 分镜 {shot}",
	"common.lineRef": "{path}:{line}",
	"common.estimate": "估算",
	"common.price.unknown": "不知道此模型的价格",
	"common.price.override": "你为 {model} 设置的价格",
	"common.price.overridePartial": "你为 {model} 设置的价格；其余按 {source}",
};
