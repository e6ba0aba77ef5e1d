/**
 * Catalog area "assistant": the script assistant's messages to the user, and the
 * header of the storyboard note it writes. Prompts sent to the model stay in
 * English (src/core/assistant/request.ts) and are not here.
 */
import type { Translation } from "../types";

export const en = {
	"assistant.cutOff": "the answer was cut off (finish_reason length)",
	"assistant.cutOffLower": "the answer was cut off (finish_reason length); lower the chunk size",
	"assistant.stillInvalid":
		"the script assistant's answer for part {part} of {total} was still invalid after one repair round-trip; nothing was written:\n{details}",
	"assistant.noKey": "no API key for the script assistant is configured",
	"assistant.noModel": "no model is set for the script assistant",
	"assistant.noScript": "{path} does not exist",
	"assistant.emptyScript": "{path} has no text to draft shots from",
	"assistant.tooManyChunks": "{path} needs {chunks} requests at {tokens} tokens each (at most {max}); raise the chunk size or split the script",
	"assistant.idChanged": "part {part}: shot id {raw} became {id} (ids must be unique and use A–Z, a–z, 0–9, _ and -)",
	"assistant.durationSnapped": "shot {shot}: duration {duration} s is not allowed (allowed: {allowed}); using {to} s",
	"assistant.durationSnappedFor": "shot {shot}: duration {duration} s is not allowed for {target} (allowed: {allowed}); using {to} s",
	"assistant.noPrompt": "(no prompt)",
	"assistant.noShots": "the script assistant proposed no shots for {path}; nothing was written",
	"assistant.notClean": "internal: the drafted note does not parse cleanly; nothing was written: {issues}",
	"assistant.exists": "{path} already exists",
	"assistant.refusedPath": "internal: refused to write {path}",
	"assistant.writeFailed": "could not write {path}: {why}",
	"assistant.noFreeName": "could not find a free name for the storyboard of {path} (tried {tries})",
	"assistant.badId": "internal: id {id} is not valid",
	"assistant.noteTitle": "{name} — storyboard",
	"assistant.noteIntro": "Drafted from {link} by the script assistant ({model}). Review the shots before generating.",
	"assistant.badBaseUrl": "the script assistant's base URL must be an http(s) URL (got {url})",
	"assistant.unreachable": "could not reach the script assistant at {host} ({kind}: {why})",
	"assistant.keyRefused": "the script assistant at {host} refused the key (HTTP {status}): {message}. Check the assistant key.",
	"assistant.rateLimited": "the script assistant at {host} is rate limited (HTTP 429): {message}. Nothing was written; try again later.",
	"assistant.rateLimitedRetry":
		"the script assistant at {host} is rate limited (HTTP 429); retry after {seconds} s: {message}. Nothing was written; try again later.",
	"assistant.httpError": "the script assistant at {host} answered HTTP {status}: {message}. Nothing was written.",
	"assistant.notJson": "the script assistant at {host} did not answer with JSON: {text}",
	"assistant.noChoice": "the script assistant at {host} sent no chat completion (no choices[0].message): {text}",
	"assistant.refused": "the model refused: {text}",
} as const;

export const zh: Translation<typeof en> = {
	"assistant.cutOff": "回答被截断（finish_reason length）",
	"assistant.cutOffLower": "回答被截断（finish_reason length）；请调小分段大小",
	"assistant.stillInvalid": "剧本助手对第 {part} 部分（共 {total} 部分）的回答在一次修正往返后仍然无效；未写入任何内容：\n{details}",
	"assistant.noKey": "未配置剧本助手的密钥",
	"assistant.noModel": "未设置剧本助手的模型",
	"assistant.noScript": "{path} 不存在",
	"assistant.emptyScript": "{path} 中没有可用于生成分镜的文本",
	"assistant.tooManyChunks": "{path} 需要 {chunks} 次请求，每次 {tokens} 个 token（最多 {max} 次）；请调大分段大小或拆分剧本",
	"assistant.idChanged": "第 {part} 部分：分镜 id {raw} 改为 {id}（id 必须唯一，只能使用 A–Z、a–z、0–9、_ 和 -）",
	"assistant.durationSnapped": "分镜 {shot}：时长 {duration} 秒不可用（可选：{allowed}）；改用 {to} 秒",
	"assistant.durationSnappedFor": "分镜 {shot}：时长 {duration} 秒不可用于 {target}（可选：{allowed}）；改用 {to} 秒",
	"assistant.noPrompt": "（无提示词）",
	"assistant.noShots": "剧本助手没有为 {path} 提出任何分镜；未写入任何内容",
	"assistant.notClean": "内部错误：生成的笔记无法被干净地解析；未写入任何内容：{issues}",
	"assistant.exists": "{path} 已存在",
	"assistant.refusedPath": "内部错误：拒绝写入 {path}",
	"assistant.writeFailed": "无法写入 {path}：{why}",
	"assistant.noFreeName": "找不到可用的文件名来保存 {path} 的分镜（已尝试 {tries} 次）",
	"assistant.badId": "内部错误：id {id} 无效",
	"assistant.noteTitle": "{name} — 分镜",
	"assistant.noteIntro": "由剧本助手（{model}）根据 {link} 生成。生成视频前请先检查这些分镜。",
	"assistant.badBaseUrl": "剧本助手的基础 URL 必须是 http(s) 地址（当前为 {url}）",
	"assistant.unreachable": "无法连接 {host} 上的剧本助手（{kind}：{why}）",
	"assistant.keyRefused": "{host} 上的剧本助手拒绝了密钥（HTTP {status}）：{message}。请检查剧本助手的密钥。",
	"assistant.rateLimited": "{host} 上的剧本助手被限流（HTTP 429）：{message}。未写入任何内容；请稍后再试。",
	"assistant.rateLimitedRetry": "{host} 上的剧本助手被限流（HTTP 429），请在 {seconds} 秒后重试：{message}。未写入任何内容；请稍后再试。",
	"assistant.httpError": "{host} 上的剧本助手返回 HTTP {status}：{message}。未写入任何内容。",
	"assistant.notJson": "{host} 上的剧本助手返回的不是 JSON：{text}",
	"assistant.noChoice": "{host} 上的剧本助手没有返回对话结果（没有 choices[0].message）：{text}",
	"assistant.refused": "模型拒绝了请求：{text}",
};
