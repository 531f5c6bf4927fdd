/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-firmware-helper.h"

#include "ns3/at-engine.h"
#include "ns3/host-firmware.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/retry-policy.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaHostFirmwareHelper");

HostFirmwareHelper::HostFirmwareHelper()
{
    m_factory.SetTypeId(HostFirmware::GetTypeId());
}

void
HostFirmwareHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
HostFirmwareHelper::SetRetryPolicyAttribute(const std::string& name, const AttributeValue& value)
{
    struct TypeId::AttributeInformation info;
    if (!RetryPolicy::GetTypeId().LookupAttributeByName(name, &info))
    {
        NS_FATAL_ERROR("HostFirmwareHelper::SetRetryPolicyAttribute: ns3::lpwa::RetryPolicy has "
                       "no attribute \""
                       << name << "\"");
    }
    Ptr<AttributeValue> checked = info.checker->CreateValidValue(value);
    if (!checked)
    {
        NS_FATAL_ERROR("HostFirmwareHelper::SetRetryPolicyAttribute: invalid value for "
                       "attribute \""
                       << name << "\"");
    }
    m_policy.emplace_back(name, checked);
}

ApplicationContainer
HostFirmwareHelper::Install(Ptr<LpwaModule> module) const
{
    if (!module || !module->GetNode() || !module->GetAtEngine() ||
        !module->GetAtEngine()->GetUart())
    {
        NS_FATAL_ERROR("HostFirmwareHelper::Install: module must have a node and a UART "
                       "(install it with LpwaModuleHelper)");
    }
    Ptr<HostFirmware> app = m_factory.Create<HostFirmware>();
    Ptr<RetryPolicy> policy = CreateObject<RetryPolicy>();
    for (const auto& [name, value] : m_policy)
    {
        policy->SetAttribute(name, *value);
    }
    app->SetAttribute("RetryPolicy", PointerValue(policy));
    app->SetUart(module->GetAtEngine()->GetUart());
    module->GetNode()->AddApplication(app);
    return ApplicationContainer(app);
}

ApplicationContainer
HostFirmwareHelper::Install(const std::vector<Ptr<LpwaModule>>& modules) const
{
    ApplicationContainer apps;
    for (const auto& module : modules)
    {
        apps.Add(Install(module));
    }
    return apps;
}

ApplicationContainer
HostFirmwareHelper::Install(NodeContainer nodes) const
{
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<LpwaModule> module = (*it)->GetObject<LpwaModule>();
        if (!module)
        {
            NS_FATAL_ERROR("HostFirmwareHelper::Install: node " << (*it)->GetId()
                                                                << " has no LpwaModule");
        }
        apps.Add(Install(module));
    }
    return apps;
}

int64_t
HostFirmwareHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t used = 0;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<HostFirmware> app = DynamicCast<HostFirmware>(*it);
        if (app)
        {
            used += app->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace lpwa
} // namespace ns3
