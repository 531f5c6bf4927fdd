/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-energy-helper.h"

#include "ns3/basic-energy-source.h"
#include "ns3/double.h"
#include "ns3/energy-source-container.h"
#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/radio-energy-model.h"
#include "ns3/radio-ue-net-device.h"

namespace ns3
{
namespace lpwa
{

NS_LOG_COMPONENT_DEFINE("LpwaRadioEnergyHelper");

namespace
{

/// AA Li-SOCl2 cell (e.g. Saft LS14500 datasheet): 3.6 V nominal, 2.6 Ah.
constexpr double kDefaultVoltage = 3.6;
/// Its energy, J.
constexpr double kDefaultEnergy = 2.6 * 3600 * kDefaultVoltage;

} // namespace

RadioEnergyHelper::RadioEnergyHelper()
{
    m_model.SetTypeId(RadioEnergyModel::GetTypeId());
    m_source.SetTypeId(BasicEnergySource::GetTypeId());
    m_source.Set("BasicEnergySupplyVoltageV", DoubleValue(kDefaultVoltage));
    m_source.Set("BasicEnergySourceInitialEnergyJ", DoubleValue(kDefaultEnergy));
}

RadioEnergyHelper::~RadioEnergyHelper()
{
}

void
RadioEnergyHelper::Set(std::string name, const AttributeValue& v)
{
    m_model.Set(name, v);
}

void
RadioEnergyHelper::SetSourceType(const std::string& typeId)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(typeId, &tid) || !tid.IsChildOf(EnergySource::GetTypeId()))
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyHelper::SetSourceType: \""
                       << typeId << "\" is not an ns3::EnergySource type");
    }
    m_source = ObjectFactory();
    m_source.SetTypeId(tid);
}

void
RadioEnergyHelper::SetSourceAttribute(const std::string& name, const AttributeValue& v)
{
    m_source.Set(name, v);
}

DeviceEnergyModelContainer
RadioEnergyHelper::Install(NodeContainer nodes) const
{
    DeviceEnergyModelContainer models;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<Node> node = *it;
        Ptr<RadioUeNetDevice> ue;
        for (uint32_t i = 0; i < node->GetNDevices() && !ue; ++i)
        {
            ue = DynamicCast<RadioUeNetDevice>(node->GetDevice(i));
        }
        if (!ue)
        {
            NS_FATAL_ERROR("ns3::lpwa::RadioEnergyHelper::Install: node "
                           << node->GetId()
                           << " has no RadioUeNetDevice (install CellularNetworkHelper first)");
        }
        Ptr<EnergySource> source = m_source.Create<EnergySource>();
        source->SetNode(node);
        Ptr<EnergySourceContainer> sources = node->GetObject<EnergySourceContainer>();
        if (!sources)
        {
            sources = CreateObject<EnergySourceContainer>();
            node->AggregateObject(sources);
        }
        sources->Add(source);
        models.Add(DeviceEnergyModelHelper::Install(ue, source));
    }
    return models;
}

Ptr<DeviceEnergyModel>
RadioEnergyHelper::DoInstall(Ptr<NetDevice> device, Ptr<EnergySource> source) const
{
    Ptr<RadioUeNetDevice> ue = DynamicCast<RadioUeNetDevice>(device);
    if (!ue)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyHelper::Install: device "
                       << (device ? device->GetInstanceTypeId().GetName() : std::string("(null)"))
                       << " is not an ns3::lpwa::RadioUeNetDevice");
    }
    if (!source)
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyHelper::Install: null energy source");
    }
    Ptr<RadioEnergyModel> model = m_model.Create<RadioEnergyModel>();
    model->SetEnergySource(source);
    source->AppendDeviceEnergyModel(model);
    model->SetDevice(ue);
    return model;
}

} // namespace lpwa
} // namespace ns3
