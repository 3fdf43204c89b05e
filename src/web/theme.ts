/**
 * The app's antd theme (ConfigProvider `theme`). Its own file: the build renders antd's styles for the first
 * screen with it ahead of time (vite.config.ts), so it must stay plain data.
 */
export const THEME = {
  token: {
    colorPrimary: '#1f5fa8',
    colorLink: '#1f5fa8',
    colorTextSecondary: '#5b6573',
    colorTextDescription: '#5b6573',
    colorTextPlaceholder: '#6b7480',
    colorError: '#c0281b',
    borderRadius: 6,
    fontSize: 14,
  },
  components: { Table: { cellPaddingBlockSM: 6 } },
};
