/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_RADIO_ENERGY_HELPER_H
#define LPWA_RADIO_ENERGY_HELPER_H

#include "ns3/device-energy-model-container.h"
#include "ns3/energy-model-helper.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{
namespace lpwa
{

/**
 * \brief Installs RadioEnergyModel objects on RadioUeNetDevices.
 *
 * Either with sources you made (the DeviceEnergyModelHelper Install(device, source) calls),
 * or with Install(NodeContainer): one energy source per node (a BasicEnergySource by default:
 * 3.6 V, 2.6 Ah = 33 696 J, an AA lithium thionyl chloride cell; see doc/) and one model on
 * the node's RadioUeNetDevice.
 */
class RadioEnergyHelper : public DeviceEnergyModelHelper
{
  public:
    RadioEnergyHelper();
    ~RadioEnergyHelper() override;

    using DeviceEnergyModelHelper::Install;

    /**
     * \brief Set an attribute of the RadioEnergyModels installed next (e.g. Profile).
     * \param name the attribute
     * \param v its value
     */
    void Set(std::string name, const AttributeValue& v) override;
    /**
     * \brief Set the energy source type for Install(NodeContainer).
     * \param typeId an ns3::EnergySource subclass (NS_FATAL_ERROR otherwise)
     */
    void SetSourceType(const std::string& typeId);
    /**
     * \brief Set an attribute of the sources Install(NodeContainer) creates.
     * \param name the attribute (e.g. BasicEnergySourceInitialEnergyJ)
     * \param v its value
     */
    void SetSourceAttribute(const std::string& name, const AttributeValue& v);
    /**
     * \brief Give each node a new energy source and a RadioEnergyModel on its
     *        RadioUeNetDevice (NS_FATAL_ERROR if a node has none).
     * \param nodes the nodes
     * \return the models, in node order
     */
    DeviceEnergyModelContainer Install(NodeContainer nodes) const;

  private:
    Ptr<DeviceEnergyModel> DoInstall(Ptr<NetDevice> device,
                                     Ptr<EnergySource> source) const override;

    ObjectFactory m_model;  //!< RadioEnergyModel factory
    ObjectFactory m_source; //!< energy source factory
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_RADIO_ENERGY_HELPER_H
