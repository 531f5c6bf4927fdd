/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "radio-energy-profile.h"

#include "ns3/fatal-error.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace lpwa
{

namespace
{

/// Supply voltage of the nRF9160 product-specification and Røstad measurements, V.
constexpr double kNrfVoltage = 3.7;

} // namespace

RadioEnergyProfile
RadioEnergyProfile::Nrf9160CatNb1()
{
    // doc/lpwa-modem.rst, "Energy": nRF9160 PS v2 "Modem current consumption" (B20 column):
    // PSM floor 2.7 uA; eDRX 81.92 s / 655.36 s with one PO per 2.56 s PTW: 37 / 9 uA, which
    // solve to a 5.0 uA floor and 2.62 mC per paging wake-up; RMC 0 dBm (RX-dominated) 35 mA;
    // RMC 23 dBm Cat-M1 105 mA for the PA at full power; PSM TAU event 550 mJ in 2.7 s at 3.7 V
    // -> 55 mA average during access. Connected tail: Røstad 2020, 395.03 mC per event with a
    // 12 s tail vs 28.15 mC with RAI (1.47 s) -> 366.9 mC / 10.53 s = 34.8 mA.
    RadioEnergyProfile p;
    p.SetName("nRF9160-Cat-NB1");
    const double pagingCharge = (37e-6 - 9e-6) / (1 / 81.92 - 1 / 655.36);
    const double floor = 9e-6 - pagingCharge / 655.36;
    p.SetCurrents(2.7e-6,
                  2.7e-6,
                  floor,
                  pagingCharge,
                  35e-3,
                  0.550 / (kNrfVoltage * 2.7),
                  (395.03e-3 - 28.15e-3) / (12 - 1.47),
                  105e-3,
                  35e-3);
    return p;
}

RadioEnergyProfile
RadioEnergyProfile::Nrf9160CatM1()
{
    // doc/lpwa-modem.rst, "Energy": nRF9160 PS v2 (B20): PSM 2.7 uA; eDRX 18 / 6 uA at
    // 81.92 / 655.36 s -> 4.29 uA floor, 1.12 mC per paging wake-up; RMC 0 dBm 45 mA; RMC 23 dBm
    // 105 mA; PSM TAU event 105 mJ in 1.5 s -> 18.9 mA. Connected tail (C-DRX):
    // boaks/zephyr-coaps-client POWERCONSUMPTION.md, LTE-M exchange 0.152 mWh minus wake-up
    // 0.1 mWh over 0.8 s + 10 s connected -> 17.3 mW -> 4.7 mA at 3.7 V.
    RadioEnergyProfile p;
    p.SetName("nRF9160-Cat-M1");
    const double pagingCharge = (18e-6 - 6e-6) / (1 / 81.92 - 1 / 655.36);
    const double floor = 6e-6 - pagingCharge / 655.36;
    p.SetCurrents(2.7e-6,
                  2.7e-6,
                  floor,
                  pagingCharge,
                  45e-3,
                  0.105 / (kNrfVoltage * 1.5),
                  (0.152 - 0.1) * 3600 / 10.8 / kNrfVoltage * 1e-3,
                  105e-3,
                  45e-3);
    return p;
}

std::vector<std::string>
RadioEnergyProfile::GetNames()
{
    return {"nRF9160-Cat-NB1", "nRF9160-Cat-M1"};
}

RadioEnergyProfile
RadioEnergyProfile::FromName(const std::string& name, bool* known)
{
    if (known)
    {
        *known = true;
    }
    if (name == "nRF9160-Cat-NB1")
    {
        return Nrf9160CatNb1();
    }
    if (name == "nRF9160-Cat-M1")
    {
        return Nrf9160CatM1();
    }
    if (known)
    {
        *known = false;
    }
    return Nrf9160CatNb1();
}

RadioEnergyProfile
RadioEnergyProfile::ForTechnology(const std::string& technology)
{
    return technology.rfind("Cat-NB", 0) == 0 ? Nrf9160CatNb1() : Nrf9160CatM1();
}

void
RadioEnergyProfile::SetCurrents(double off,
                                double psm,
                                double idleFloor,
                                double pagingCharge,
                                double search,
                                double randomAccess,
                                double connected,
                                double tx,
                                double rx)
{
    const double all[] =
        {off, psm, idleFloor, pagingCharge, search, randomAccess, connected, tx, rx};
    for (double v : all)
    {
        if (!(v >= 0) || !std::isfinite(v))
        {
            NS_FATAL_ERROR("ns3::lpwa::RadioEnergyProfile " << m_name << ": current " << v
                                                            << " is not a finite value >= 0");
        }
    }
    m_off = off;
    m_psm = psm;
    m_idleFloor = idleFloor;
    m_pagingCharge = pagingCharge;
    m_search = search;
    m_randomAccess = randomAccess;
    m_connected = connected;
    m_tx = tx;
    m_rx = rx;
}

void
RadioEnergyProfile::SetName(const std::string& name)
{
    m_name = name;
}

const std::string&
RadioEnergyProfile::GetName() const
{
    return m_name;
}

double
RadioEnergyProfile::GetOffCurrent() const
{
    return m_off;
}

double
RadioEnergyProfile::GetPsmCurrent() const
{
    return m_psm;
}

double
RadioEnergyProfile::GetIdleFloorCurrent() const
{
    return m_idleFloor;
}

double
RadioEnergyProfile::GetPagingOccasionCharge() const
{
    return m_pagingCharge;
}

double
RadioEnergyProfile::GetSearchCurrent() const
{
    return m_search;
}

double
RadioEnergyProfile::GetRandomAccessCurrent() const
{
    return m_randomAccess;
}

double
RadioEnergyProfile::GetConnectedCurrent() const
{
    return m_connected;
}

double
RadioEnergyProfile::GetTxCurrent() const
{
    return m_tx;
}

double
RadioEnergyProfile::GetRxCurrent() const
{
    return m_rx;
}

double
RadioEnergyProfile::GetIdleCurrent(Time drx, Time edrx, Time ptw) const
{
    if (!drx.IsStrictlyPositive())
    {
        NS_FATAL_ERROR("ns3::lpwa::RadioEnergyProfile::GetIdleCurrent: DRX cycle "
                       << drx.As(Time::S) << " is not > 0");
    }
    if (edrx.IsZero())
    {
        return m_idleFloor + m_pagingCharge / drx.GetSeconds();
    }
    const double window = std::min(ptw, edrx).GetSeconds();
    const double occasions = std::max(1.0, std::ceil(window / drx.GetSeconds() - 1e-9));
    return m_idleFloor + occasions * m_pagingCharge / edrx.GetSeconds();
}

} // namespace lpwa
} // namespace ns3
