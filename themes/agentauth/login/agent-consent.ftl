<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#-- Agent consent page. Every value comes from the agentConsent model and is HTML-escaped by FreeMarker. -->
<@layout.registrationLayout bodyClass="oauth agent-consent"; section>
    <#if section = "header">
        ${msg("agentConsentTitle", agentConsent.agent.name)}
    <#elseif section = "form">
        <div id="agent-consent" class="content-area">
            <#-- label/value columns as keycloak.v2 lays out details (PatternFly description list); stacked on phones -->
            <dl id="agent-details" class="pf-v5-c-description-list pf-m-horizontal-on-sm pf-m-compact">
                <div class="pf-v5-c-description-list__group">
                    <dt class="pf-v5-c-description-list__term">${msg("agentConsentAgent")}</dt>
                    <dd class="pf-v5-c-description-list__description" id="agent-name">${agentConsent.agent.name}</dd>
                </div>
                <#if agentConsent.agent.description?has_content>
                    <div class="pf-v5-c-description-list__group">
                        <dt class="pf-v5-c-description-list__term"></dt>
                        <dd class="pf-v5-c-description-list__description" id="agent-description">${agentConsent.agent.description}</dd>
                    </div>
                </#if>
                <div class="pf-v5-c-description-list__group">
                    <dt class="pf-v5-c-description-list__term">${msg("agentConsentOperator")}</dt>
                    <dd class="pf-v5-c-description-list__description" id="agent-operator">${agentConsent.agent.operator}</dd>
                </div>
                <#if agentConsent.agent.provider??>
                    <div class="pf-v5-c-description-list__group">
                        <dt class="pf-v5-c-description-list__term">${msg("agentConsentProvider")}</dt>
                        <dd class="pf-v5-c-description-list__description" id="agent-provider">${agentConsent.agent.provider.displayName}</dd>
                    </div>
                    <div class="pf-v5-c-description-list__group">
                        <#if agentConsent.agent.provider.directory?has_content>
                            <dt class="pf-v5-c-description-list__term">${msg("agentConsentDirectory")}</dt>
                            <dd class="pf-v5-c-description-list__description" id="agent-directory"><code>${agentConsent.agent.provider.directory}</code></dd>
                        <#else>
                            <dt class="pf-v5-c-description-list__term">${msg("agentConsentProviderKey")}</dt>
                            <dd class="pf-v5-c-description-list__description" id="agent-provider-keys">
                                <#list agentConsent.agent.provider.keyIds as keyId>
                                    <div class="agent-provider-key"><code>${keyId}</code></div>
                                </#list>
                            </dd>
                        </#if>
                    </div>
                </#if>
                <div class="pf-v5-c-description-list__group">
                    <dt class="pf-v5-c-description-list__term">${msg("agentConsentKey")}</dt>
                    <dd class="pf-v5-c-description-list__description">
                        <#list agentConsent.agent.keys as kid>
                            <div class="agent-key"><code>${kid}</code></div>
                        </#list>
                    </dd>
                </div>
                <div class="pf-v5-c-description-list__group">
                    <dt class="pf-v5-c-description-list__term">${msg("agentConsentRegistered")}</dt>
                    <dd class="pf-v5-c-description-list__description" id="agent-registered">${agentConsent.agent.registered}</dd>
                </div>
            </dl>

            <h3>${msg("agentConsentScopesTitle")}</h3>
            <ul id="agent-scopes" class="${properties.kcListClass!}">
                <#list agentConsent.scopes as scope>
                    <#assign key = "agentScope." + scope.name>
                    <#assign text = msg(key)>
                    <li class="agent-scope" data-scope="${scope.name}"><#if text != key>${text}<#else>${advancedMsg(scope.fallback)}</#if></li>
                </#list>
            </ul>

            <h3>${msg("agentConsentLimitsTitle")}</h3>
            <ul id="agent-limits" class="${properties.kcListClass!}">
                <li id="agent-max-amount">${msg("agentConsentMaxAmount", agentConsent.maxAmount)}</li>
                <#if agentConsent.budget?has_content>
                    <li id="agent-budget">${msg("agentConsentBudget", agentConsent.budget, msg("agentConsentPeriod." + agentConsent.budgetPeriod))}</li>
                </#if>
                <#if agentConsent.merchants?has_content>
                    <li id="agent-merchants">${msg("agentConsentMerchants")}
                        <#list agentConsent.merchants as merchant><span class="agent-merchant">${merchant}</span><#sep>, </#list>
                    </li>
                <#else>
                    <li id="agent-merchants">${msg("agentConsentAnyMerchant")}</li>
                </#if>
            </ul>

            <form id="agent-consent-form" class="${properties.kcFormClass!}" action="${url.loginAction}" method="POST">
                <div class="${properties.kcFormGroupClass!}">
                    <label for="lifetime" class="${properties.kcLabelClass!}">${msg("agentConsentLifetime")}</label>
                    <select id="lifetime" name="lifetime" class="${properties.kcInputClass!}">
                        <#list agentConsent.lifetimes as option>
                            <option value="${option.seconds}" <#if option.selected == "true">selected</#if>>${option.label}</option>
                        </#list>
                    </select>
                </div>
                <@buttons.actionGroup horizontal=true>
                    <@buttons.button id="agent-approve" name="approve" label="agentConsentApprove"/>
                    <@buttons.button id="agent-deny" name="deny" label="agentConsentDeny" type="secondary"/>
                </@buttons.actionGroup>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
