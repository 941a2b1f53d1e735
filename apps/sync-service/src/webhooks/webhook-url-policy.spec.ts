import { DomainError } from '@dua/unified-models';
import { checkWebhookUrl, isPublicAddress } from './webhook-url-policy';

describe('webhook URL policy', () => {
  it.each([
    ['https://hooks.example.com/dynamics', true],
    ['https://203.0.113.9/hook', true],
    ['https://[2001:db8::1]/hook', true],
    ['http://hooks.example.com/dynamics', false],
    ['https://127.0.0.1/hook', false],
    ['https://localhost:8443/hook', false],
    ['https://10.1.2.3/hook', false],
    ['https://172.20.0.1/hook', false],
    ['https://192.168.0.10/hook', false],
    ['https://169.254.169.254/latest/meta-data', false],
    ['https://100.64.1.1/hook', false],
    ['https://[::1]/hook', false],
    ['https://[fd00::1]/hook', false],
    ['https://[::ffff:10.0.0.1]/hook', false],
    ['https://metadata.google.internal/hook', false],
    ['https://intranet/hook', false],
    ['https://user:secret@hooks.example.com/', false],
    ['ftp://hooks.example.com/', false],
    ['not a url', false],
  ])('in production, %s is allowed: %s', (url, allowed) => {
    const check = () => checkWebhookUrl(url, false);
    if (allowed) expect(check().href).toBe(new URL(url).href);
    else expect(check).toThrow(DomainError);
  });

  it.each([
    ['http://127.0.0.1:4000/hook', true],
    ['http://localhost:4000/hook', true],
    ['http://10.1.2.3/hook', false],
    ['http://hooks.example.com/', false],
  ])('with local receivers allowed, %s is allowed: %s', (url, allowed) => {
    const check = () => checkWebhookUrl(url, true);
    if (allowed) expect(check().href).toBe(new URL(url).href);
    else expect(check).toThrow(DomainError);
  });

  it('names the url field in the validation error', () => {
    expect(() => checkWebhookUrl('http://example.com', false)).toThrow(expect.objectContaining({ details: { errors: [{ field: 'url', message: 'must use https' }] } }));
  });

  it.each([
    ['8.8.8.8', true],
    ['2606:4700::1111', true],
    ['127.0.0.53', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['fe80::1', false],
    ['example.com', false],
  ])('%s is a public address: %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
