import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, InputNumber, Select, Space, Table, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError, api, type DealDetail, type LineItem, type Page } from '../../../api-client';
import { formatMoneyExact, formatMoneyShort } from '../../../format';
import { useI18n } from '../../../i18n';

interface Product {
  id: string;
  name: string;
  unitPrice: number;
  currency: string;
  active: boolean;
}

interface Row {
  key: string;
  productId: string | null;
  description: string;
  quantity: number | null;
  unitPriceYuan: number | null;
  discountPct: number | null;
}

interface Props {
  deal: DealDetail;
  mayWrite: boolean;
  /** PATCH { lineItems, version }; throws ApiError on failure (the caller handles 409). */
  save(
    lineItems: {
      productId: string | null;
      description: string;
      quantity: number;
      unitPrice: number;
      discountPct: number;
    }[],
  ): Promise<void>;
}

const draftKey = (id: string) => `tz.draft.deal.${id}.lineItems`;
const lineTotal = (r: Row) =>
  Math.round((r.quantity ?? 0) * Math.round((r.unitPriceYuan ?? 0) * 100) * (1 - (r.discountPct ?? 0) / 100));

function toRows(items: LineItem[]): Row[] {
  return items.map((item) => ({
    key: item.id,
    productId: item.productId,
    description: item.description,
    quantity: item.quantity,
    unitPriceYuan: item.unitPrice / 100,
    discountPct: item.discountPct,
  }));
}

/** Products, quantities, prices and discounts; writers edit the whole list and save it in one PATCH. */
export function DealLineItems({ deal, mayWrite, save }: Props) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useState<Row[] | null>(() => {
    const raw = sessionStorage.getItem(draftKey(deal.id));
    return raw ? (JSON.parse(raw) as Row[]) : null;
  });
  const [products, setProducts] = useState<Product[]>([]);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const editing = rows !== null;

  useEffect(() => {
    if (!editing || products.length > 0) return;
    api
      .get<Page<Product>>('/api/products', { limit: 200 })
      .then((page) => setProducts(page.items))
      .catch(() => setProducts([]));
  }, [editing, products.length]);

  const update = (next: Row[] | null) => {
    setRows(next);
    if (next) sessionStorage.setItem(draftKey(deal.id), JSON.stringify(next));
    else sessionStorage.removeItem(draftKey(deal.id));
  };
  const change = (key: string, patch: Partial<Row>) =>
    update((rows ?? []).map((r) => (r.key === key ? { ...r, ...patch } : r)));

  const submit = async () => {
    if (!rows) return;
    setSaving(true);
    setErrors({});
    setProblem(null);
    try {
      await save(
        rows.map((r) => ({
          productId: r.productId,
          description: r.description.trim(),
          quantity: r.quantity ?? 0,
          unitPrice: Math.round((r.unitPriceYuan ?? 0) * 100),
          discountPct: r.discountPct ?? 0,
        })),
      );
      update(null);
    } catch (error) {
      if (error instanceof ApiError) {
        setErrors(error.fieldMap());
        setProblem(error.detail ?? error.title);
      } else setProblem(t('common.networkError'));
    } finally {
      setSaving(false);
    }
  };

  const money = (minor: number) => (
    <Tooltip title={formatMoneyExact(minor, deal.currency, lang)}>
      <span>{formatMoneyShort(minor, deal.currency, lang)}</span>
    </Tooltip>
  );
  const fieldError = (index: number, field: string) => errors[`lineItems.${index}.${field}`];

  if (!editing) {
    const sum = deal.lineItems.reduce((s, item) => s + item.total, 0);
    return (
      <div>
        {mayWrite && (
          <div style={{ marginBottom: 8, textAlign: 'end' }}>
            <Button onClick={() => update(toRows(deal.lineItems))}>{t('deal.items.edit')}</Button>
          </div>
        )}
        {deal.lineItems.length === 0 ? (
          <Empty description={mayWrite ? t('deal.items.emptyWriter') : t('deal.items.empty')} />
        ) : (
          <Table<LineItem>
            size="small"
            rowKey="id"
            pagination={false}
            scroll={{ x: 560 }}
            dataSource={deal.lineItems}
            columns={[
              { title: t('deal.items.product'), dataIndex: 'description' },
              { title: t('deal.items.quantity'), dataIndex: 'quantity', align: 'right', width: 80 },
              {
                title: t('deal.items.unitPrice'),
                dataIndex: 'unitPrice',
                align: 'right',
                width: 120,
                render: (v: number) => money(v),
              },
              {
                title: t('deal.items.discount'),
                dataIndex: 'discountPct',
                align: 'right',
                width: 110,
                render: (v: number) => `${v}%`,
              },
              {
                title: t('deal.items.total'),
                dataIndex: 'total',
                align: 'right',
                width: 120,
                render: (v: number) => <strong>{money(v)}</strong>,
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  {t('deal.items.sum')}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <strong>{money(sum)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        )}
      </div>
    );
  }

  const sum = rows.reduce((s, r) => s + lineTotal(r), 0);
  return (
    <div>
      <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('deal.items.amountNote')} />
      {problem && <Alert type="error" showIcon style={{ marginBottom: 8 }} title={problem} />}
      <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
        {rows.map((row, index) => (
          <fieldset
            key={row.key}
            style={{
              border: '1px solid #dfe3e8',
              borderRadius: 6,
              padding: 8,
              margin: 0,
              display: 'grid',
              gridTemplateColumns: 'repeat(auto-fit, minmax(120px, 1fr))',
              gap: 8,
              alignItems: 'end',
            }}
          >
            <legend
              style={{ fontSize: 12, color: '#4a5563', padding: '0 4px', width: 'auto', margin: 0, border: 'none' }}
            >
              {t('deal.items.line', { n: index + 1 })}
            </legend>
            <div style={{ gridColumn: 'span 2', minWidth: 0 }}>
              <Select
                aria-label={t('deal.items.product')}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('deal.items.pickProduct')}
                styles={{ placeholder: { color: '#5b6573' } }}
                value={row.productId ?? undefined}
                style={{ width: '100%', marginBottom: 4 }}
                options={products.map((p) => ({ value: p.id, label: p.name }))}
                onChange={(id?: string) => {
                  const product = products.find((p) => p.id === id);
                  change(
                    row.key,
                    product
                      ? { productId: product.id, description: product.name, unitPriceYuan: product.unitPrice / 100 }
                      : { productId: null },
                  );
                }}
              />
              <Input
                aria-label={t('deal.items.description')}
                placeholder={t('deal.items.description')}
                value={row.description}
                maxLength={200}
                status={fieldError(index, 'description') ? 'error' : undefined}
                onChange={(e) => change(row.key, { description: e.target.value })}
              />
              {fieldError(index, 'description') && (
                <div role="alert" style={{ color: '#cf1322', fontSize: 12 }}>
                  {fieldError(index, 'description')}
                </div>
              )}
            </div>
            <label style={{ fontSize: 12, color: '#4a5563' }}>
              {t('deal.items.quantity')}
              <InputNumber<number>
                value={row.quantity ?? undefined}
                min={1}
                precision={0}
                style={{ width: '100%' }}
                status={fieldError(index, 'quantity') ? 'error' : undefined}
                onChange={(v) => change(row.key, { quantity: v ?? null })}
              />
              {fieldError(index, 'quantity') && (
                <div role="alert" style={{ color: '#cf1322' }}>
                  {fieldError(index, 'quantity')}
                </div>
              )}
            </label>
            <label style={{ fontSize: 12, color: '#4a5563' }}>
              {t('deal.items.unitPriceYuan')}
              <InputNumber<number>
                value={row.unitPriceYuan ?? undefined}
                min={0}
                precision={2}
                style={{ width: '100%' }}
                status={fieldError(index, 'unitPrice') ? 'error' : undefined}
                onChange={(v) => change(row.key, { unitPriceYuan: v ?? null })}
              />
              {fieldError(index, 'unitPrice') && (
                <div role="alert" style={{ color: '#cf1322' }}>
                  {fieldError(index, 'unitPrice')}
                </div>
              )}
            </label>
            <label style={{ fontSize: 12, color: '#4a5563' }}>
              {t('deal.items.discount')}
              <InputNumber<number>
                value={row.discountPct ?? undefined}
                min={0}
                max={100}
                precision={2}
                style={{ width: '100%' }}
                status={fieldError(index, 'discountPct') ? 'error' : undefined}
                onChange={(v) => change(row.key, { discountPct: v ?? 0 })}
              />
              {fieldError(index, 'discountPct') && (
                <div role="alert" style={{ color: '#cf1322' }}>
                  {fieldError(index, 'discountPct')}
                </div>
              )}
            </label>
            <div
              style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, minHeight: 32 }}
            >
              <strong>{money(lineTotal(row))}</strong>
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={t('deal.items.remove', { n: index + 1 })}
                onClick={() => update(rows.filter((r) => r.key !== row.key))}
              />
            </div>
          </fieldset>
        ))}
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, marginTop: 10 }}>
        <Button
          icon={<PlusOutlined />}
          onClick={() =>
            update([
              ...rows,
              {
                key: `new-${Date.now()}`,
                productId: null,
                description: '',
                quantity: 1,
                unitPriceYuan: null,
                discountPct: 0,
              },
            ])
          }
        >
          {t('deal.items.add')}
        </Button>
        <span style={{ flex: 1 }} />
        <span>
          {t('deal.items.sum')}
          {t('deal.colon')}
          <strong>{money(sum)}</strong>
        </span>
        <Space>
          <Button
            onClick={() => {
              update(null);
              setErrors({});
              setProblem(null);
            }}
          >
            {t('common.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void submit()}>
            {t('common.save')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
