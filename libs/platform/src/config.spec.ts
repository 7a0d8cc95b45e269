import { ConfigError, DEFAULT_AS_OF_KEYFRAME_EVERY, DEFAULT_AS_OF_MAX_KEYFRAMES, loadConfig } from './config';

describe('loadConfig', () => {
  it('nothing set is the embedded default, with as-of keyframes', () => {
    const config = loadConfig({ DATA_DIR: '/tmp/gevinst-config-spec' });
    expect(config.eventStore).toEqual({ kind: 'sqlite', file: '/tmp/gevinst-config-spec/events.sqlite', synchronous: 'FULL' });
    expect(config.kafka).toBeNull();
    expect(config.asOfKeyframeEvery).toBe(DEFAULT_AS_OF_KEYFRAME_EVERY);
    expect(config.asOfMaxKeyframes).toBe(DEFAULT_AS_OF_MAX_KEYFRAMES);
  });

  it('reads the as-of keyframe settings (0: no keyframes)', () => {
    const config = loadConfig({ AS_OF_KEYFRAME_EVERY: '0', AS_OF_MAX_KEYFRAMES: '8' });
    expect([config.asOfKeyframeEvery, config.asOfMaxKeyframes]).toEqual([0, 8]);
  });

  it.each([
    ['AS_OF_KEYFRAME_EVERY', 'many'],
    ['AS_OF_KEYFRAME_EVERY', '-5'],
    ['AS_OF_KEYFRAME_EVERY', '2.5'],
    ['AS_OF_MAX_KEYFRAMES', '1'],
    ['PORT', 'eighty'],
  ])('refuses %s=%s, naming it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toContain(name);
  });
});
