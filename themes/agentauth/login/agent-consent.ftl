<#import "template.ftl" as layout>
<#import "buttons.ftl" as buttons>
<#-- Agent consent page. Every value comes from the agentConsent model and is HTML-escaped by FreeMarker. -->
<@layout.registrationLayout bodyClass="oauth agent-consent"; section>
    <#if section = "header">
        ${msg("agentConsentTitle", agentConsent.agent.name)}
    <#elseif section = "form">
        <div id="agent-consent" class="content-area">
            <dl id="agent-details">
                <dt>${msg("agentConsentAgent")}</dt>
                <dd id="agent-name">${agentConsent.agent.name}</dd>
                <#if agentConsent.agent.description?has_content>
                    <dd id="agent-description">${agentConsent.agent.description}</dd>
                </#if>
                <dt>${msg("agentConsentOperator")}</dt>
                <dd id="agent-operator">${agentConsent.agent.operator}</dd>
                <dt>${msg("agentConsentKey")}</dt>
                <#list agentConsent.agent.keys as kid>
                    <dd class="agent-key"><code>${kid}</code></dd>
                </#list>
                <dt>${msg("agentConsentRegistered")}</dt>
                <dd id="agent-registered">${agentConsent.agent.registered}</dd>
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
