/**
 * Helpers of the Jazzer fuzz targets ({@code *FuzzTests}). A plain {@code mvn verify} replays each target's
 * committed inputs under {@code src/test/resources/<package>/<Class>Inputs/<method>/}; {@code JAZZER_FUZZ=1}
 * fuzzes one target (see docs/security.md).
 */
package dev.agentauth.core.fuzz;
