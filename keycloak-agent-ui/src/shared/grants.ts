import type { DelegationDetails } from "./format";

/** An agent grant as the grants REST API returns it (the admin's and the consumer's endpoints alike). */
export type GrantRepresentation = {
  id: string;
  user_id: string;
  username?: string;
  agent_id: string;
  client_id: string;
  scopes: string[];
  authorization_details: DelegationDetails[];
  /** Epoch seconds. */
  created: number;
  /** Epoch seconds. */
  expires: number;
  revoked_at?: number;
  revoked_by?: string;
  status: string;
};
