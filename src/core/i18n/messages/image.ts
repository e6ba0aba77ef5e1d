/**
 * Catalog area "image": reading reference images, building the reference matrix
 * and encoding PNG. The codecs' own words (jpeg-js, fast-png, the platform
 * canvas) go in `{detail}` untranslated.
 */
import type { Translation } from "../types";

export const en = {
	"image.unsupported": "{name} is not an image this platform can read (PNG or JPEG; WebP only in the Obsidian plugin); convert it to PNG or JPEG",
	"image.unsupportedDetail": "{name} is not an image this platform can read ({detail}); convert it to PNG or JPEG",
	"image.webpCli":
		"{name}: WebP images are not supported for stitching in the CLI; the plugin stitches WebP with the canvas (or convert the image to PNG or JPEG)",
	"image.corrupt": "{name} could not be decoded: the file is damaged or truncated ({detail})",
	"image.tooLarge": "{name} is too large to decode here ({detail}); scale it down below {max} megapixels",
	"image.badSize": "image size {width}x{height} is not valid",
	"image.tooManyPixels": "image of {width}x{height} pixels is too large (at most {max} megapixels)",
	"image.matrixEmpty": "a reference matrix needs at least one image",
	"image.matrixNoFit": "{count} images do not fit in {width}x{height} pixels with a gap of {gap}",
	"image.noCanvas": "this platform has no 2D canvas to read or write images",
	"image.encodeFailed": "the image could not be encoded as PNG ({detail})",
} as const;

export const zh: Translation<typeof en> = {
	"image.unsupported": "{name} 不是此平台可读取的图片（PNG 或 JPEG；WebP 仅在 Obsidian 插件中支持）；请转换为 PNG 或 JPEG",
	"image.unsupportedDetail": "{name} 不是此平台可读取的图片（{detail}）；请转换为 PNG 或 JPEG",
	"image.webpCli": "{name}：命令行不支持拼接 WebP 图片；插件用画布拼接 WebP（或将图片转换为 PNG 或 JPEG）",
	"image.corrupt": "无法解码 {name}：文件已损坏或不完整（{detail}）",
	"image.tooLarge": "{name} 太大，无法在此解码（{detail}）；请缩小到 {max} 百万像素以下",
	"image.badSize": "图片尺寸 {width}x{height} 无效",
	"image.tooManyPixels": "{width}x{height} 像素的图片太大（最多 {max} 百万像素）",
	"image.matrixEmpty": "参考图矩阵至少需要一张图片",
	"image.matrixNoFit": "{count} 张图片在间距为 {gap} 时放不进 {width}x{height} 像素",
	"image.noCanvas": "此平台没有可用于读写图片的 2D 画布",
	"image.encodeFailed": "无法将图片编码为 PNG（{detail}）",
};
