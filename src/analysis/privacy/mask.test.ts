import { describe, expect, it } from 'vitest';
import { maskAddress, maskId, maskPhone } from './mask.ts';

describe('maskId', () => {
  it('keeps the first two and last two characters of an id', () => {
    expect(maskId('U123456')).toBe('U1***56');
    expect(maskId('user-000042')).toBe('us*******42');
  });

  it('keeps less of a short id, so at least a third stays hidden', () => {
    expect(maskId('U12345')).toBe('U1**45');
    expect(maskId('U1234')).toBe('U***4');
    expect(maskId('U12')).toBe('U*2');
    expect(maskId('U1')).toBe('**');
    expect(maskId('7')).toBe('*');
  });

  it('counts characters, not UTF-16 units, in ids with Chinese or emoji', () => {
    expect(maskId('用户甲乙丙丁')).toBe('用户**丙丁');
    expect(maskId('😀ab😀cd😀')).toBe('😀a***d😀');
  });

  it('gives null for a missing id', () => {
    expect(maskId(null)).toBeNull();
    expect(maskId(undefined)).toBeNull();
    expect(maskId('')).toBeNull();
  });
});

describe('maskPhone', () => {
  it('shows a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('138-1234-5678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('+86138****5678');
  });

  it('keeps only the last two digits of other numbers', () => {
    expect(maskPhone('010-88886666')).toBe('*********66');
    expect(maskPhone('1234')).toBe('****');
  });

  it('gives null for a missing number', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('  ')).toBeNull();
  });
});

describe('maskAddress', () => {
  it('keeps only the province and city of an address', () => {
    expect(maskAddress('广东省广州市天河区体育西路1号')).toBe('广东省广州市');
    expect(maskAddress('内蒙古自治区呼和浩特市新城区')).toBe('内蒙古自治区呼和浩特市');
    expect(maskAddress('吉林省延边朝鲜族自治州延吉市')).toBe('吉林省延边朝鲜族自治州');
    expect(maskAddress('黑龙江省大兴安岭地区加格达奇区')).toBe('黑龙江省大兴安岭地区');
    expect(maskAddress('香港特别行政区九龙城')).toBe('香港特别行政区');
  });

  it('reads a municipality as the city', () => {
    expect(maskAddress('北京市朝阳区建国路88号')).toBe('北京市');
    expect(maskAddress('上海市浦东新区世纪大道')).toBe('上海市');
  });

  it('never takes a street or district for a region', () => {
    expect(maskAddress('北京市朝阳区省府路12号')).toBe('北京市');
    expect(maskAddress('朝阳区省府路12号')).toBeNull();
    expect(maskAddress('体育西路1号')).toBeNull();
  });

  it('gives null when no region can be recognised', () => {
    expect(maskAddress('1 Infinite Loop, Cupertino')).toBeNull();
    expect(maskAddress('')).toBeNull();
    expect(maskAddress(null)).toBeNull();
  });
});
