import { Button, Modal, ModalVariant } from "@patternfly/react-core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

type ConfirmModalProps = {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  children: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
};

export const ConfirmModal = ({
  title,
  confirmLabel,
  danger,
  children,
  onConfirm,
  onClose,
}: ConfirmModalProps) => {
  const { t } = useTranslation();
  return (
    <Modal
      variant={ModalVariant.small}
      title={title}
      titleIconVariant={danger ? "danger" : undefined}
      isOpen
      onClose={onClose}
      actions={[
        <Button
          key="confirm"
          data-testid="confirm"
          variant={danger ? "danger" : "primary"}
          onClick={() => {
            onConfirm();
            onClose();
          }}
        >
          {confirmLabel}
        </Button>,
        <Button
          key="cancel"
          data-testid="cancel"
          variant="link"
          onClick={onClose}
        >
          {t("cancel")}
        </Button>,
      ]}
    >
      {children}
    </Modal>
  );
};
