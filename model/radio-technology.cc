/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-technology.h"

#include "ns3/fatal-error.h"

#include <algorithm>

namespace ns3
{
namespace lpwa
{

namespace
{

/**
 * \brief Shorthand for one coverage class, in milliseconds.
 * \return the class
 */
RadioTechnology::CoverageClass
Level(const char* name,
      double maxMcl,
      uint32_t ulReps,
      uint32_t dlReps,
      uint32_t ulTbs,
      double ulTbMs,
      uint32_t dlTbs,
      double dlTbMs,
      double ulGrantMs,
      double dlGrantMs,
      double prachPeriodMs,
      uint32_t preambles,
      double preambleMs,
      double rarMs,
      uint32_t maxAttempts,
      double backoffMs,
      double syncMs,
      double searchMs)
{
    RadioTechnology::CoverageClass c;
    c.name = name;
    c.maxMcl = maxMcl;
    c.ulRepetitions = ulReps;
    c.dlRepetitions = dlReps;
    c.ulTbsBytes = ulTbs;
    c.ulTbDuration = MicroSeconds(static_cast<int64_t>(ulTbMs * 1000));
    c.dlTbsBytes = dlTbs;
    c.dlTbDuration = MicroSeconds(static_cast<int64_t>(dlTbMs * 1000));
    c.ulGrantDelay = MicroSeconds(static_cast<int64_t>(ulGrantMs * 1000));
    c.dlGrantDelay = MicroSeconds(static_cast<int64_t>(dlGrantMs * 1000));
    c.prachPeriod = MicroSeconds(static_cast<int64_t>(prachPeriodMs * 1000));
    c.preambles = preambles;
    c.preambleDuration = MicroSeconds(static_cast<int64_t>(preambleMs * 1000));
    c.raResponseDelay = MicroSeconds(static_cast<int64_t>(rarMs * 1000));
    c.maxRaAttempts = maxAttempts;
    c.maxBackoff = MicroSeconds(static_cast<int64_t>(backoffMs * 1000));
    c.syncTime = MicroSeconds(static_cast<int64_t>(syncMs * 1000));
    c.cellSearchTime = MicroSeconds(static_cast<int64_t>(searchMs * 1000));
    return c;
}

} // namespace

RadioTechnology
RadioTechnology::CatNb1()
{
    RadioTechnology t;
    t.m_name = "Cat-NB1";
    t.m_duplex = HALF_DUPLEX;
    // ECL0: 1000-bit UL TBS at the 62 kbps peak, 680-bit DL TBS at the 26 kbps peak
    // (calibration.md "Cat-NB1 peak rate"); ECL2 uses single-tone 256-bit UL blocks.
    // Repetitions within TS 36.213 ranges (NPUSCH 1..128, NPDSCH up to 2048).
    // clang-format off
    //     name    MCL ulR dlR ulTbs ulMs dlTbs dlMs ulGr dlGr prach pre  preMs rarMs att backoff sync search
    t.m_classes = {
        Level("ECL0", 144, 1,  1,  125, 16,  85,  26,  12,  6,   80,  24, 12,  10,  10, 1024, 100,  1600),
        Level("ECL1", 154, 8,  16, 125, 16,  85,  26,  50,  40,  320, 12, 45,  40,  10, 2048, 300,  4000),
        Level("ECL2", 164, 16, 64, 32,  32,  85,  26,  200, 150, 1280, 12, 180, 200, 10, 4096, 2500, 10000),
    };
    // clang-format on
    t.m_rrcSetup = MilliSeconds(60);
    t.m_rrcResume = MilliSeconds(30);
    t.m_coreProcessing = MilliSeconds(20);
    t.m_resume = true;
    t.m_drxCycle = MilliSeconds(2560);
    t.m_ptwStep = MilliSeconds(2560);
    return t;
}

RadioTechnology
RadioTechnology::CatNb2()
{
    RadioTechnology t = CatNb1();
    t.m_name = "Cat-NB2";
    // Rel-14: 2536-bit blocks; peaks 127 kbps DL / 159 kbps UL (calibration.md).
    for (auto& c : t.m_classes)
    {
        if (c.ulTbsBytes == 125)
        {
            c.ulTbsBytes = 317;
        }
        c.dlTbsBytes = 317;
        c.dlTbDuration = MicroSeconds(20000);
    }
    return t;
}

RadioTechnology
RadioTechnology::CatM1(Duplex duplex)
{
    RadioTechnology t;
    t.m_duplex = duplex;
    t.m_name = duplex == HALF_DUPLEX ? "Cat-M1" : "Cat-M1-FD";
    // 1000-bit blocks at 375 / 300 kbps (HD-FDD) or 1 Mbps / 800 kbps (FD-FDD), UL / DL
    // (calibration.md "Cat-M1 peak rate"). CE mode A <= 32 repetitions, mode B <= 2048.
    const double ul = duplex == HALF_DUPLEX ? 2.667 : 1.0;
    const double dl = duplex == HALF_DUPLEX ? 3.333 : 1.25;
    // clang-format off
    t.m_classes = {
        Level("CE0 (mode A)", 144, 1,   1,   125, ul, 125, dl, 8,   4,   10,  28, 1,   5,   10, 80,   20,   1500),
        Level("CE1 (mode A)", 150, 8,   8,   125, ul, 125, dl, 30,  20,  20,  12, 8,   20,  10, 240,  200,  3000),
        Level("CE2 (mode B)", 157, 64,  128, 125, ul, 125, dl, 150, 100, 80,  12, 64,  100, 10, 960,  1000, 6000),
        Level("CE3 (mode B)", 164, 256, 512, 125, ul, 125, dl, 500, 400, 160, 12, 128, 200, 10, 1920, 2500, 10000),
    };
    // clang-format on
    t.m_rrcSetup = MilliSeconds(30);
    t.m_rrcResume = MilliSeconds(15);
    t.m_coreProcessing = MilliSeconds(20);
    t.m_resume = true;
    t.m_drxCycle = MilliSeconds(1280);
    t.m_ptwStep = MilliSeconds(1280);
    return t;
}

RadioTechnology
RadioTechnology::Cat1()
{
    RadioTechnology t;
    t.m_name = "Cat-1";
    t.m_duplex = FULL_DUPLEX;
    // TS 36.306 Table 4.1-1, UE category 1: 10296-bit DL and 5160-bit UL blocks per 1 ms TTI.
    // clang-format off
    t.m_classes = {
        Level("normal", 144, 1, 1, 645, 1, 1287, 1, 10, 3, 10, 54, 1, 5, 10, 60, 20, 1000),
    };
    // clang-format on
    t.m_rrcSetup = MilliSeconds(30);
    t.m_rrcResume = MilliSeconds(30);
    t.m_coreProcessing = MilliSeconds(10);
    t.m_resume = false;
    t.m_drxCycle = MilliSeconds(1280);
    t.m_ptwStep = MilliSeconds(1280);
    return t;
}

std::vector<std::string>
RadioTechnology::GetNames()
{
    return {"Cat-NB1", "Cat-NB2", "Cat-M1", "Cat-M1-FD", "Cat-1"};
}

RadioTechnology
RadioTechnology::FromName(const std::string& name, bool* known)
{
    *known = true;
    if (name == "Cat-NB2")
    {
        return CatNb2();
    }
    if (name == "Cat-M1")
    {
        return CatM1(HALF_DUPLEX);
    }
    if (name == "Cat-M1-FD")
    {
        return CatM1(FULL_DUPLEX);
    }
    if (name == "Cat-1")
    {
        return Cat1();
    }
    *known = name == "Cat-NB1";
    return CatNb1();
}

const std::string&
RadioTechnology::GetName() const
{
    return m_name;
}

RadioTechnology::Duplex
RadioTechnology::GetDuplex() const
{
    return m_duplex;
}

bool
RadioTechnology::IsHalfDuplex() const
{
    return m_duplex == HALF_DUPLEX;
}

uint32_t
RadioTechnology::GetCoverageClassCount() const
{
    return static_cast<uint32_t>(m_classes.size());
}

const RadioTechnology::CoverageClass&
RadioTechnology::GetCoverageClass(uint32_t level) const
{
    if (level >= m_classes.size())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioTechnology " << m_name << ": coverage class " << level
                                                     << " is not in 0.." << m_classes.size() - 1);
    }
    return m_classes[level];
}

uint32_t
RadioTechnology::GetCoverageClassForMcl(double mcl) const
{
    for (uint32_t i = 0; i < m_classes.size(); ++i)
    {
        if (mcl <= m_classes[i].maxMcl)
        {
            return i;
        }
    }
    return GetCoverageClassCount();
}

Time
RadioTechnology::GetBlockAirtime(uint32_t level, bool uplink, uint32_t bytes) const
{
    const CoverageClass& c = GetCoverageClass(level);
    const uint32_t tbs = uplink ? c.ulTbsBytes : c.dlTbsBytes;
    const Time full = uplink ? c.ulTbDuration : c.dlTbDuration;
    const uint32_t reps = uplink ? c.ulRepetitions : c.dlRepetitions;
    const uint32_t carried = std::min(bytes, tbs);
    Time one = NanoSeconds(full.GetNanoSeconds() * static_cast<int64_t>(carried) / tbs);
    one = std::max(one, std::min(full, MilliSeconds(1)));
    return one * static_cast<int64_t>(reps);
}

Time
RadioTechnology::GetRrcSetupTime() const
{
    return m_rrcSetup;
}

Time
RadioTechnology::GetRrcResumeTime() const
{
    return m_rrcResume;
}

Time
RadioTechnology::GetCoreProcessingTime() const
{
    return m_coreProcessing;
}

bool
RadioTechnology::SupportsResume() const
{
    return m_resume;
}

Time
RadioTechnology::GetDefaultDrxCycle() const
{
    return m_drxCycle;
}

Time
RadioTechnology::GetPtwStep() const
{
    return m_ptwStep;
}

} // namespace lpwa
} // namespace ns3
