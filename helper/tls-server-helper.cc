/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "tls-server-helper.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/tls-server.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaTlsServerHelper");

TlsServerHelper::TlsServerHelper(uint16_t port)
{
    m_factory.SetTypeId(TlsServer::GetTypeId());
    m_factory.Set("Port", UintegerValue(port));
}

void
TlsServerHelper::SetAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

void
TlsServerHelper::SetConfig(const TlsConfig& config)
{
    if (config.role != TlsConfig::Role::SERVER)
    {
        NS_FATAL_ERROR("TlsServerHelper::SetConfig: config.role must be SERVER");
    }
    m_config = config;
    m_configSet = true;
}

ApplicationContainer
TlsServerHelper::Install(NodeContainer nodes) const
{
    if (!m_configSet)
    {
        NS_FATAL_ERROR("TlsServerHelper::Install: call SetConfig() first");
    }
    ApplicationContainer apps;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<TlsServer> server = m_factory.Create<TlsServer>();
        server->SetConfig(m_config);
        (*it)->AddApplication(server);
        apps.Add(server);
    }
    return apps;
}

int64_t
TlsServerHelper::AssignStreams(ApplicationContainer apps, int64_t stream)
{
    int64_t current = stream;
    for (auto it = apps.Begin(); it != apps.End(); ++it)
    {
        Ptr<TlsServer> server = DynamicCast<TlsServer>(*it);
        if (server)
        {
            current += server->AssignStreams(current);
        }
    }
    return current - stream;
}

} // namespace lpwa
} // namespace ns3
