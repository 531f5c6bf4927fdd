/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_LPWA_MODULE_HELPER_H
#define LPWA_LPWA_MODULE_HELPER_H

#include "ns3/attribute.h"
#include "ns3/lpwa-module.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/uart-channel.h"

#include <string>
#include <vector>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Installs modelled modules on nodes: one LpwaModule (aggregated to the node) with the
 *        command sets of its profile's dialect, and a UartChannel whose host side is free for
 *        a host application, a script runner or a PTY.
 *
 * \code
 *   LpwaModuleHelper helper;
 *   helper.SetModuleAttribute("Profile", StringValue("BG77"));
 *   helper.SetUartAttribute("BaudRate", UintegerValue(115200));
 *   auto modules = helper.Install(nodes);
 *   Ptr<UartChannel> uart = modules[0]->GetAtEngine()->GetUart();
 * \endcode
 */
class LpwaModuleHelper
{
  public:
    LpwaModuleHelper();

    /**
     * \brief Set an attribute of the modules to create (ns3::lpwa::LpwaModule).
     * \param name attribute name
     * \param value attribute value
     */
    void SetModuleAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Set an attribute of the UARTs to create (ns3::lpwa::UartChannel).
     * \param name attribute name
     * \param value attribute value
     */
    void SetUartAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Install a module on a node.
     * \param node the node (with an Internet stack)
     * \return the module
     */
    Ptr<LpwaModule> Install(Ptr<Node> node) const;

    /**
     * \brief Install a module on each node.
     * \param nodes the nodes
     * \return the modules, in node order
     */
    std::vector<Ptr<LpwaModule>> Install(NodeContainer nodes) const;

    /**
     * \brief Add the command sets of a module's dialect (done by Install()).
     * \param module the module
     */
    static void AddDialectCommandSets(Ptr<LpwaModule> module);

    /**
     * \brief Assign fixed random variable streams to the modules' random variables.
     * \param modules the modules
     * \param stream the first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(const std::vector<Ptr<LpwaModule>>& modules, int64_t stream);

  private:
    ObjectFactory m_moduleFactory; //!< creates LpwaModule objects
    ObjectFactory m_uartFactory;   //!< creates UartChannel objects
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_LPWA_MODULE_HELPER_H
