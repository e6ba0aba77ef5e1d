async function main(argv: string[]): Promise<number> {
	console.error(`usage: cineflow <generate|demo|sim|draft> ... (${argv.length} args)`);
	return 2;
}

main(process.argv.slice(2)).then((code) => process.exit(code));
