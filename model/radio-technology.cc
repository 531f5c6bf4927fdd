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

/**
 * \brief Connected-mode MAC of one class, in milliseconds.
 * \param c the class
 * \param ssMs search-space period (Rmax x G)
 * \param dciMs DCI with repetitions
 * \param ackMs HARQ-ACK with repetitions
 * \param srMs scheduling request with repetitions
 * \param bler first-transmission block error rate
 * \param processes HARQ processes
 */
void
Mac(RadioTechnology::CoverageClass& c,
    double ssMs,
    double dciMs,
    double ackMs,
    double srMs,
    double bler,
    uint32_t processes)
{
    c.searchSpacePeriod = MicroSeconds(static_cast<int64_t>(ssMs * 1000));
    c.dciDuration = MicroSeconds(static_cast<int64_t>(dciMs * 1000));
    c.ackDuration = MicroSeconds(static_cast<int64_t>(ackMs * 1000));
    c.srDuration = MicroSeconds(static_cast<int64_t>(srMs * 1000));
    c.bler = bler;
    c.harqProcesses = processes;
}

} // namespace

RadioTechnology
RadioTechnology::CatNb1()
{
    RadioTechnology t;
    t.m_name = "Cat-NB1";
    t.m_duplex = HALF_DUPLEX;
    // A 1000-bit UL block is 4 ms of 12-tone NPUSCH, a 680-bit DL block 3 ms of NPDSCH; with
    // one HARQ process the DCI, the scheduling gaps and the HARQ feedback below make the
    // cycles of the 62 / 26 kbps peaks (calibration.md "Cat-NB1 peak rate": 1000 bits per
    // 16 ms, 680 bits per ~26 ms). ECL2 uses single-tone 256-bit UL blocks (32 ms).
    // Repetitions within TS 36.213 ranges (NPUSCH 1..128, NPDSCH up to 2048).
    // clang-format off
    //     name    MCL ulR dlR ulTbs ulMs dlTbs dlMs prach pre  preMs rarMs att backoff sync search
    t.m_classes = {
        Level("ECL0", 144, 1,  1,  125, 4,   85,  3,   80,  24, 12,  10,  10, 1024, 100,  1600),
        Level("ECL1", 154, 8,  16, 125, 4,   85,  3,   320, 12, 45,  40,  10, 2048, 300,  4000),
        Level("ECL2", 164, 16, 64, 32,  32,  85,  3,   1280, 12, 180, 200, 10, 4096, 2500, 10000),
    };
    // NPDCCH search space Rmax x G: ECL0 2 x 2, ECL1 64 x 2, ECL2 512 x 1.5 (TS 36.213 16.6:
    // at least 4 ms; cell choices that the network presets overwrite, see doc/); DCI
    // repetitions 1 / 16 / 128; NPUSCH format 2 HARQ-ACK 2 ms x repetitions 1 / 8 / 32.
    //          ss   dci  ack  sr  bler harq
    Mac(t.m_classes[0], 4,   1,   2,   0,  0.1, 1);
    Mac(t.m_classes[1], 128, 16,  16,  0,  0.1, 1);
    Mac(t.m_classes[2], 768, 128, 64,  0,  0.1, 1);
    // clang-format on
    // TS 36.213 16.5.1 / 16.4.1 / 16.4.2: NPUSCH >= 8 ms after its DCI, NPDSCH >= 5 ms after,
    // HARQ-ACK >= 12 ms after the NPDSCH; no scheduling request before Rel-15 (TS 36.321
    // 5.4.4: a device without a grant starts random access).
    t.m_mac.ulSchedulingGap = MilliSeconds(8);
    t.m_mac.dlSchedulingGap = MilliSeconds(5);
    t.m_mac.harqAckGap = MilliSeconds(12);
    t.m_mac.ulDecodeTime = MilliSeconds(3);
    t.m_mac.uplinkAccess = RANDOM_ACCESS;
    t.m_mac.srPeriod = Time();
    t.m_mac.enbSchedulingDelay = MilliSeconds(4);
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
    // Rel-14: 2536-bit blocks; peaks 127 kbps DL / 159 kbps UL (calibration.md). With two
    // HARQ processes the next block's DCI goes out while a block is on the air, so a block's
    // time is its share of the peak-rate cycle (16 ms UL, 20 ms DL).
    for (auto& c : t.m_classes)
    {
        if (c.ulTbsBytes == 125)
        {
            c.ulTbsBytes = 317;
            c.ulTbDuration = MicroSeconds(16000);
        }
        c.dlTbsBytes = 317;
        c.dlTbDuration = MicroSeconds(20000);
        c.harqProcesses = 2; // Rel-14: two HARQ processes for Cat-NB2 (TS 36.306 4.1C)
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
    //     name           MCL ulR  dlR  ulTbs ulMs dlTbs dlMs prach pre preMs rarMs att backoff sync search
    t.m_classes = {
        Level("CE0 (mode A)", 144, 1,   1,   125, ul, 125, dl, 10,  28, 1,   5,   10, 80,   20,   1500),
        Level("CE1 (mode A)", 150, 8,   8,   125, ul, 125, dl, 20,  12, 8,   20,  10, 240,  200,  3000),
        Level("CE2 (mode B)", 157, 64,  128, 125, ul, 125, dl, 80,  12, 64,  100, 10, 960,  1000, 6000),
        Level("CE3 (mode B)", 164, 256, 512, 125, ul, 125, dl, 160, 12, 128, 200, 10, 1920, 2500, 10000),
    };
    // MPDCCH Rmax / G: CE0 2 / 2, CE1 16 / 1.5, CE2 64 / 2, CE3 256 / 2 (TS 36.213 9.1.5; cell
    // choices, see doc/); HARQ-ACK and SR on PUCCH with the class's repetitions; 8 HARQ
    // processes in CE mode A, 2 in CE mode B (TS 36.321 5.3.2 / 36.213 7).
    //          ss   dci  ack  sr   bler harq
    Mac(t.m_classes[0], 4,   1,   1,   1,   0.1, 8);
    Mac(t.m_classes[1], 24,  8,   8,   8,   0.1, 8);
    Mac(t.m_classes[2], 128, 32,  32,  32,  0.1, 2);
    Mac(t.m_classes[3], 512, 128, 128, 128, 0.1, 2);
    // clang-format on
    // Cross-subframe scheduling (TS 36.213 7.1 / 8.0 for BL/CE UEs): PDSCH 2 subframes after
    // the end of its MPDCCH, PUSCH 4 after, HARQ-ACK 4 after the PDSCH; SR period 10 ms.
    // HD-FDD adds a 1 ms guard on each switch, folded into the gaps.
    const int64_t guard = duplex == HALF_DUPLEX ? 1 : 0;
    t.m_mac.ulSchedulingGap = MilliSeconds(4 + guard);
    t.m_mac.dlSchedulingGap = MilliSeconds(2);
    t.m_mac.harqAckGap = MilliSeconds(4 + guard);
    t.m_mac.ulDecodeTime = MilliSeconds(3);
    t.m_mac.uplinkAccess = SCHEDULING_REQUEST;
    t.m_mac.srPeriod = MilliSeconds(10);
    t.m_mac.enbSchedulingDelay = MilliSeconds(2);
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
        Level("normal", 144, 1, 1, 645, 1, 1287, 1, 10, 54, 1, 5, 10, 60, 20, 1000),
    };
    // clang-format on
    // PDCCH in every subframe, PDSCH in the same subframe, PUSCH and HARQ-ACK 4 subframes
    // after (TS 36.213 8.0 / 10.1), 8 HARQ processes, SR period 10 ms.
    Mac(t.m_classes[0], 1, 1, 1, 1, 0.1, 8);
    t.m_mac.ulSchedulingGap = MilliSeconds(4);
    t.m_mac.dlSchedulingGap = Time();
    t.m_mac.harqAckGap = MilliSeconds(4);
    t.m_mac.ulDecodeTime = MilliSeconds(3);
    t.m_mac.uplinkAccess = SCHEDULING_REQUEST;
    t.m_mac.srPeriod = MilliSeconds(10);
    t.m_mac.enbSchedulingDelay = MilliSeconds(1);
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

uint32_t
RadioTechnology::GetAccessTechnology() const
{
    return m_name.rfind("Cat-NB", 0) == 0 ? 9 : (m_name.rfind("Cat-M1", 0) == 0 ? 8 : 7);
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

const RadioTechnology::MacTiming&
RadioTechnology::GetMacTiming() const
{
    return m_mac;
}

Time
RadioTechnology::UntilNext(Time now, Time period, Time offset)
{
    const int64_t p = period.GetNanoSeconds();
    if (p <= 0)
    {
        return Time();
    }
    const int64_t o = offset.GetNanoSeconds() % p;
    const int64_t t = now.GetNanoSeconds();
    int64_t k = (t - o + p - 1) / p;
    if (t < o)
    {
        k = 0;
    }
    return NanoSeconds(o + k * p - t);
}

Time
RadioTechnology::GetBlockStartDelay(uint32_t level, bool uplink, Time now) const
{
    const CoverageClass& c = GetCoverageClass(level);
    return UntilNext(now, c.searchSpacePeriod) + c.dciDuration +
           (uplink ? m_mac.ulSchedulingGap : m_mac.dlSchedulingGap);
}

Time
RadioTechnology::GetHarqFeedbackDelay(uint32_t level, bool uplink) const
{
    const CoverageClass& c = GetCoverageClass(level);
    return uplink ? m_mac.ulDecodeTime : m_mac.harqAckGap + c.ackDuration;
}

bool
RadioTechnology::NeedsRandomAccessForGrant() const
{
    return m_mac.uplinkAccess == RANDOM_ACCESS;
}

void
RadioTechnology::SetProcessingTimes(Time setup, Time resume, Time core)
{
    m_rrcSetup = setup;
    m_rrcResume = resume;
    m_coreProcessing = core;
}

void
RadioTechnology::SetClassConfiguration(uint32_t level,
                                       Time prachPeriod,
                                       Time searchSpacePeriod,
                                       double bler)
{
    GetCoverageClass(level); // range check
    CoverageClass& c = m_classes[level];
    c.prachPeriod = prachPeriod;
    c.searchSpacePeriod = searchSpacePeriod;
    c.bler = bler;
}

void
RadioTechnology::SetEnbSchedulingDelay(Time delay)
{
    m_mac.enbSchedulingDelay = delay;
}

} // namespace lpwa
} // namespace ns3
