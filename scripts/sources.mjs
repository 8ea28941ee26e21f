// The command and hook sources both bundles list (scripts/build.mjs for the checkout, scripts/package.mjs for the
// single executable): each command with the oclif id its path gives.
import {readdirSync, statSync} from 'node:fs';
import {join, relative} from 'node:path';

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

export const commandSources = () => files('src/commands').map((path) => ({path, id: relative('src/commands', path).replace(/\.ts$/, '').replace(/\/index$/, '').split('/').join(':')}));
export const hookSources = () => files('src/hooks').map((path) => ({path, name: relative('src/hooks', path).replace(/\.ts$/, '')}));
