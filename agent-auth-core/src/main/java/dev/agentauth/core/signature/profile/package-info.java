/**
 * The RFC 9421 verification profiles other than Agent Auth's own: Web Bot Auth ({@link
 * dev.agentauth.core.signature.profile.WebBotAuthProfile}) and Visa TAP ({@link
 * dev.agentauth.core.signature.profile.VisaTapProfile}), and {@link
 * dev.agentauth.core.signature.profile.VerificationProfiles} to select one by name.
 */
@NullMarked
package dev.agentauth.core.signature.profile;

import org.jspecify.annotations.NullMarked;
