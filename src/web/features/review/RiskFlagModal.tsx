import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError, api, type Deal } from '../../api-client';
import { useI18n } from '../../i18n';

interface Props {
  deal: Deal;
  onClose(): void;
  /** The deal as the server answered it (red, with the reason). */
  onFlagged(deal: Deal): void;
}

/**
 * Flags a deal at risk with a reason (managers and admins). A stale version (409) loads the deal again
 * and keeps the reason typed, so one more click confirms it.
 */
export function RiskFlagModal({ deal, onClose, onFlagged }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ riskReason: string }>();
  const [version, setVersion] = useState(deal.version);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ riskReason }: { riskReason: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      const saved = await api.patch<Deal>(`/api/deals/${deal.id}`, {
        riskFlag: true,
        riskReason: riskReason.trim(),
        version,
      });
      message.success(t('review.flagDone', { title: deal.title }));
      onFlagged(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const latest = await api.get<Deal>(`/api/deals/${deal.id}`).catch(() => null);
        if (latest) setVersion(latest.version);
        setProblem(t('review.conflict'));
      } else if (error instanceof ApiError && error.errors.length > 0) {
        form.setFields(error.errors.map((e) => ({ name: 'riskReason', errors: [e.message] })));
      } else {
        setProblem(error instanceof Error ? error.message : String(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('review.flagFor', { title: deal.title })}
      okText={t('review.flagSave')}
      okButtonProps={{ danger: true, loading: busy }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        initialValues={{ riskReason: deal.riskReason ?? '' }}
      >
        <Form.Item
          name="riskReason"
          label={t('review.flagReason')}
          rules={[{ required: true, whitespace: true, message: t('review.flagReasonRequired') }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
