/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "network-preset.h"

#include "ns3/fatal-error.h"

namespace ns3
{
namespace lpwa
{

namespace
{

/// Milliseconds as a Time.
Time
Ms(double ms)
{
    return MicroSeconds(static_cast<int64_t>(ms * 1000));
}

/**
 * \brief One family's configuration, in milliseconds.
 * \param setup RRC setup processing
 * \param resume RRC resume processing
 * \param core MME processing per NAS message
 * \param scheduling eNB scheduler delay
 * \param inactivityS inactivity timer, seconds
 * \param classes per class {PRACH period, search-space period, BLER}
 * \return the configuration
 */
NetworkPreset::FamilyConfig
Family(double setup,
       double resume,
       double core,
       double scheduling,
       double inactivityS,
       std::vector<std::vector<double>> classes)
{
    NetworkPreset::FamilyConfig f;
    f.rrcSetup = Ms(setup);
    f.rrcResume = Ms(resume);
    f.coreProcessing = Ms(core);
    f.enbSchedulingDelay = Ms(scheduling);
    f.inactivityTimer = Ms(inactivityS * 1000);
    for (const auto& c : classes)
    {
        f.classes.push_back({Ms(c[0]), Ms(c[1]), c[2]});
    }
    return f;
}

} // namespace

const std::vector<NetworkPreset>&
NetworkPreset::All()
{
    static const std::vector<NetworkPreset> presets = []()
    {
        std::vector<NetworkPreset> v;
        // clang-format off
        NetworkPreset live;
        live.m_name = "live-robinson2019";
        live.m_source = "calibrated to Robinson 2019 (Ericsson/Huawei/ZTE eNBs): NB-IoT UDP send "
                        "2.1-3.6 s; cell choices are assumptions (doc/, Network presets)";
        //                   setup resume core sched inact  {prach, search space, bler} per class
        live.m_nb = Family(  900,  700,   150, 20,  12, {{320, 64, 0.1}, {1280, 256, 0.1}, {2560, 1024, 0.1}});
        live.m_m1 = Family(  900,  700,   150, 10,  12, {{20, 16, 0.1}, {40, 48, 0.1}, {80, 256, 0.1},
                                                           {160, 1024, 0.1}});
        live.m_lte = Family( 300,  300,   100, 4,   12, {{10, 1, 0.1}});
        v.push_back(live);

        NetworkPreset ideal;
        ideal.m_name = "3gpp-evaluation";
        ideal.m_source = "the 3GPP evaluation set (TR 45.820, LTE-M white paper): ideal network, "
                         "fast core; tuned to their latency figures";
        ideal.m_nb = Family( 60,   30,    20,  4,   12, {{80, 4, 0.1}, {320, 128, 0.1}, {1280, 384, 0.1}});
        ideal.m_m1 = Family( 30,   15,    20,  2,   12, {{10, 4, 0.1}, {20, 24, 0.1}, {80, 128, 0.1},
                                                           {160, 512, 0.1}});
        ideal.m_lte = Family(30,   30,    10,  1,   12, {{10, 1, 0.1}});
        v.push_back(ideal);
        // clang-format on
        return v;
    }();
    return presets;
}

std::vector<std::string>
NetworkPreset::GetNames()
{
    std::vector<std::string> names;
    for (const auto& p : All())
    {
        names.push_back(p.m_name);
    }
    return names;
}

std::string
NetworkPreset::GetDefaultName()
{
    return All().front().m_name;
}

const NetworkPreset*
NetworkPreset::Find(const std::string& name)
{
    for (const auto& p : All())
    {
        if (p.m_name == name)
        {
            return &p;
        }
    }
    return nullptr;
}

namespace
{

/// \return the preset names, comma-separated
std::string
JoinedNames()
{
    std::string known;
    for (const auto& n : NetworkPreset::GetNames())
    {
        known += (known.empty() ? "" : ", ") + n;
    }
    return known;
}

} // namespace

const NetworkPreset&
NetworkPreset::Get(const std::string& name, const std::string& what)
{
    const NetworkPreset* p = Find(name);
    if (!p)
    {
        NS_FATAL_ERROR(what << ": unknown network preset \"" << name << "\" (" << JoinedNames()
                            << ")");
    }
    return *p;
}

bool
NetworkPreset::CheckName(const std::string& option, const std::string& name, std::string& error)
{
    if (Find(name))
    {
        return true;
    }
    error = option + ": \"" + name + "\" is not a network preset (" + JoinedNames() + ")";
    return false;
}

const std::string&
NetworkPreset::GetName() const
{
    return m_name;
}

const std::string&
NetworkPreset::GetSource() const
{
    return m_source;
}

const NetworkPreset::FamilyConfig&
NetworkPreset::GetFamily(const RadioTechnology& technology) const
{
    const std::string& n = technology.GetName();
    if (n.rfind("Cat-NB", 0) == 0)
    {
        return m_nb;
    }
    if (n.rfind("Cat-M1", 0) == 0)
    {
        return m_m1;
    }
    return m_lte;
}

void
NetworkPreset::Apply(RadioTechnology& technology) const
{
    const FamilyConfig& f = GetFamily(technology);
    if (f.classes.size() != technology.GetCoverageClassCount())
    {
        NS_FATAL_ERROR("ns3::lpwa::NetworkPreset " << m_name << ": " << f.classes.size()
                                                   << " classes for " << technology.GetName()
                                                   << ", which has "
                                                   << technology.GetCoverageClassCount());
    }
    technology.SetProcessingTimes(f.rrcSetup, f.rrcResume, f.coreProcessing);
    technology.SetEnbSchedulingDelay(f.enbSchedulingDelay);
    for (uint32_t i = 0; i < f.classes.size(); ++i)
    {
        const ClassConfig& c = f.classes[i];
        technology.SetClassConfiguration(i, c.prachPeriod, c.searchSpacePeriod, c.bler);
    }
}

Time
NetworkPreset::GetInactivityTimer(const RadioTechnology& technology) const
{
    return GetFamily(technology).inactivityTimer;
}

} // namespace lpwa
} // namespace ns3
