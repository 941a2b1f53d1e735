#!/usr/bin/env node
// Validates an OpenAPI document against the official OpenAPI 3.x JSON schemas; prints `{valid, errors}`.
import { Validator } from '@seriousme/openapi-schema-validator';

const validator = new Validator();
const result = await validator.validate(process.argv[2]);
process.stdout.write(`${JSON.stringify({ valid: result.valid, version: validator.version, errors: result.errors ?? [] })}\n`);
process.exit(result.valid ? 0 : 1);
