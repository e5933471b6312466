import {
  Alert,
  FormHelperText,
  HelperText,
  HelperTextItem,
} from "@patternfly/react-core";

/** A refusal shown in a form: at the field the server named, or above the form when it named none. */
export type FormError<F extends string> = { field?: F; message: string };

/** The helper text under `field`: the error when it is at this field, else the hint (if any). */
export const fieldHelper = <F extends string>(
  error: FormError<F> | undefined,
  field: F,
  hint?: string,
) =>
  error?.field === field ? (
    <FormHelperText>
      <HelperText>
        <HelperTextItem variant="error" data-testid={`error-${field}`}>
          {error.message}
        </HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : hint ? (
    <FormHelperText>
      <HelperText>
        <HelperTextItem>{hint}</HelperTextItem>
      </HelperText>
    </FormHelperText>
  ) : null;

/** PatternFly's `validated` state of `field`. */
export const validatedField = <F extends string>(
  error: FormError<F> | undefined,
  field: F,
) => (error?.field === field ? "error" : "default");

/** The error that names no field, above the form. */
export const FormErrorAlert = <F extends string>({
  error,
}: {
  error?: FormError<F>;
}) =>
  error && !error.field ? (
    <Alert
      variant="danger"
      isInline
      title={error.message}
      data-testid="form-error"
    />
  ) : null;
