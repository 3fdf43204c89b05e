import { DeleteOutlined, DownOutlined, EyeOutlined } from '@ant-design/icons';
import { App, Button, Divider, Flex, Input, Popover } from 'antd';
import { memo, useMemo, useState } from 'react';
import { useI18n } from '../../../i18n';
import { filterString } from './filters';
import { builtInViews, loadUserViews, type SavedView, storeUserViews } from './savedViews';

interface Props {
  userId: string;
  params: URLSearchParams;
  onApply(query: string): void;
}

/** Built-in views first, then the user's own (localStorage per user); saves the current filters by name. */
export const ViewPicker = memo(function ViewPicker({ userId, params, onApply }: Props) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [mine, setMine] = useState<SavedView[]>(() => loadUserViews(userId));
  const [name, setName] = useState('');
  const builtIn = useMemo(() => builtInViews(), []);
  const current = filterString(params);
  const active = [...builtIn, ...mine].find((v) => v.query === current);
  const label = (v: SavedView) => (v.labelKey ? t(v.labelKey) : (v.name ?? ''));

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return;
    const next = [
      ...mine.filter((v) => v.name !== trimmed),
      { id: crypto.randomUUID(), name: trimmed, query: current },
    ];
    storeUserViews(userId, next);
    setMine(next);
    setName('');
    message.success(t('views.saved'));
  };
  const remove = (view: SavedView) => {
    const next = mine.filter((v) => v.id !== view.id);
    storeUserViews(userId, next);
    setMine(next);
  };
  const apply = (view: SavedView) => {
    onApply(view.query);
    setOpen(false);
  };

  const item = (view: SavedView) => (
    <Flex key={view.id} align="center" gap={4}>
      <Button
        type="text"
        block
        style={{ justifyContent: 'flex-start', fontWeight: view === active ? 600 : 400 }}
        aria-current={view === active ? 'true' : undefined}
        onClick={() => apply(view)}
      >
        {label(view)}
      </Button>
      {!view.labelKey && (
        <Button
          type="text"
          size="small"
          icon={<DeleteOutlined />}
          aria-label={t('views.remove', { name: label(view) })}
          onClick={() => remove(view)}
        />
      )}
    </Flex>
  );

  const content = (
    <div style={{ width: 260 }}>
      {builtIn.map(item)}
      {mine.length > 0 && (
        <>
          <Divider style={{ margin: '6px 0' }} />
          <span style={NOTE_STYLE}>{t('views.mine')}</span>
          {mine.map(item)}
        </>
      )}
      <Divider style={{ margin: '6px 0' }} />
      <Flex gap={6}>
        <Input
          size="middle"
          aria-label={t('views.name')}
          placeholder={t('views.namePlaceholder')}
          value={name}
          maxLength={40}
          onChange={(e) => setName(e.target.value)}
          onPressEnter={save}
        />
        <Button onClick={save} disabled={!name.trim()}>
          {t('common.save')}
        </Button>
      </Flex>
      <span style={NOTE_STYLE}>{t('views.save')}</span>
    </div>
  );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomLeft">
      <Button icon={<EyeOutlined />} aria-haspopup="dialog" aria-expanded={open}>
        {t('views.label')}
        {lang === 'en' ? ': ' : '：'}
        {active ? label(active) : t('views.custom')} <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Popover>
  );
});

const NOTE_STYLE = { fontSize: 12, color: '#5c6673', wordBreak: 'break-word' } as const;
