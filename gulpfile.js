const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

function copyIcons() {
	const nodeIcons = src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false });
	const nodeDestination = path.resolve('dist', 'nodes');
	nodeIcons.pipe(dest(nodeDestination));

	const sharedIcons = src(path.resolve('icons', '*.{png,svg}'), { encoding: false });
	const sharedDestination = path.resolve('dist', 'icons');
	return sharedIcons.pipe(dest(sharedDestination));
}
