// The two older V1 clients ship no types; the real-client test uses them as plain JavaScript.
declare module 'iamporter';
declare module 'iamport';
