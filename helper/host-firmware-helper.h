/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_HOST_FIRMWARE_HELPER_H
#define LPWA_HOST_FIRMWARE_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/lpwa-module.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Installs HostFirmware applications on the host side of modules' UARTs.
 *
 * \code
 *   HostFirmwareHelper firmware;
 *   firmware.SetAttribute("Driver", StringValue("zephyr-bg9x"));
 *   firmware.SetRetryPolicyAttribute("Kind", StringValue("decorrelated-jitter"));
 *   ApplicationContainer apps = firmware.Install(modules); // from LpwaModuleHelper
 *   HostFirmwareHelper::AssignStreams(apps, 100);
 * \endcode
 */
class HostFirmwareHelper
{
  public:
    HostFirmwareHelper();

    /**
     * \brief Set an attribute of the applications to create (ns3::lpwa::HostFirmware).
     * \param name the attribute name
     * \param value its value
     */
    void SetAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of each application's own RetryPolicy (ns3::lpwa::RetryPolicy).
     * \param name the attribute name
     * \param value its value
     */
    void SetRetryPolicyAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install one application per module, on the module's node, on its UART.
     * \param module the module (with a node and an AT engine on a UART)
     * \return the application
     */
    ApplicationContainer Install(Ptr<LpwaModule> module) const;

    /**
     * \brief Install one application per module.
     * \param modules the modules
     * \return the applications, in module order
     */
    ApplicationContainer Install(const std::vector<Ptr<LpwaModule>>& modules) const;

    /**
     * \brief Install one application on each node's LpwaModule (fatal error if a node has
     * none).
     * \param nodes the nodes
     * \return the applications, in node order
     */
    ApplicationContainer Install(NodeContainer nodes) const;

    /**
     * \brief Assign fixed random streams to the applications of a container.
     * \param apps applications installed by this helper (other applications are skipped)
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(ApplicationContainer apps, int64_t stream);

  private:
    ObjectFactory m_factory;                                           //!< HostFirmware factory
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_policy; //!< RetryPolicy attributes
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_HOST_FIRMWARE_HELPER_H
