/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_TLS_SERVER_HELPER_H
#define LPWA_TLS_SERVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/tls-config.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Install TlsServer applications with one set of attributes and one TlsConfig.
 */
class TlsServerHelper
{
  public:
    /**
     * \brief Create a helper for servers on a port.
     * \param port the TCP (and DTLS UDP) port (the `Port` attribute)
     */
    explicit TlsServerHelper(uint16_t port = 443);

    /**
     * \brief Set an attribute of the servers to be installed.
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set the TLS configuration given to every server installed.
     * \param config the configuration (role SERVER)
     */
    void SetConfig(const TlsConfig& config);

    /**
     * \brief Install one server on each node; fatal error if SetConfig() was not called.
     * \param nodes the nodes
     * \return the servers
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assign fixed random streams to the servers of a container.
     * \param apps servers installed by this helper (other applications are skipped)
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_factory; //!< TlsServer factory
    TlsConfig m_config;      //!< configuration
    bool m_configSet{false}; //!< SetConfig() called
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_TLS_SERVER_HELPER_H
