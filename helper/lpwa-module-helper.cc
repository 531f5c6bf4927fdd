/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lpwa-module-helper.h"

#include "ns3/general-commands.h"
#include "ns3/log.h"
#include "ns3/onemo-certificate-commands.h"
#include "ns3/onemo-network-commands.h"
#include "ns3/onemo-socket-commands.h"
#include "ns3/onemo-ssl-commands.h"
#include "ns3/quectel-file-commands.h"
#include "ns3/quectel-network-commands.h"
#include "ns3/quectel-socket-commands.h"
#include "ns3/quectel-ssl-commands.h"
#include "ns3/quectel-ssl-socket-commands.h"
#include "ns3/quectel-system-commands.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaModuleHelper");

LpwaModuleHelper::LpwaModuleHelper()
{
    m_moduleFactory.SetTypeId(LpwaModule::GetTypeId());
    m_uartFactory.SetTypeId(UartChannel::GetTypeId());
}

void
LpwaModuleHelper::SetModuleAttribute(const std::string& name, const AttributeValue& value)
{
    m_moduleFactory.Set(name, value);
}

void
LpwaModuleHelper::SetUartAttribute(const std::string& name, const AttributeValue& value)
{
    m_uartFactory.Set(name, value);
}

void
LpwaModuleHelper::AddDialectCommandSets(Ptr<LpwaModule> module)
{
    module->AddCommandSet(CreateObject<GeneralCommands>());
    switch (module->GetProfile().GetDialect())
    {
        case ModuleProfile::Dialect::QUECTEL:
            module->AddCommandSet(CreateObject<QuectelSystemCommands>());
            module->AddCommandSet(CreateObject<QuectelFileCommands>());
            module->AddCommandSet(CreateObject<QuectelNetworkCommands>());
            module->AddCommandSet(CreateObject<QuectelSocketCommands>());
            module->AddCommandSet(CreateObject<QuectelSslCommands>());
            module->AddCommandSet(CreateObject<QuectelSslSocketCommands>());
            break;
        case ModuleProfile::Dialect::ONEMO:
            module->AddCommandSet(CreateObject<OneMoNetworkCommands>());
            module->AddCommandSet(CreateObject<OneMoSocketCommands>());
            module->AddCommandSet(CreateObject<OneMoSslCommands>());
            module->AddCommandSet(CreateObject<OneMoCertificateCommands>());
            break;
    }
}

Ptr<LpwaModule>
LpwaModuleHelper::Install(Ptr<Node> node) const
{
    Ptr<LpwaModule> module = m_moduleFactory.Create<LpwaModule>();
    Ptr<UartChannel> uart = m_uartFactory.Create<UartChannel>();
    module->SetNode(node);
    AddDialectCommandSets(module);
    module->AttachUart(uart);
    node->AggregateObject(module);
    module->Initialize();
    return module;
}

std::vector<Ptr<LpwaModule>>
LpwaModuleHelper::Install(NodeContainer nodes) const
{
    std::vector<Ptr<LpwaModule>> modules;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        modules.push_back(Install(*it));
    }
    return modules;
}

int64_t
LpwaModuleHelper::AssignStreams(const std::vector<Ptr<LpwaModule>>& modules, int64_t stream)
{
    int64_t used = 0;
    for (const auto& module : modules)
    {
        used += module->AssignStreams(stream + used);
    }
    return used;
}

} // namespace lpwa
} // namespace ns3
