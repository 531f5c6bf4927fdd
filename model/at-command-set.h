/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef LPWA_AT_COMMAND_SET_H
#define LPWA_AT_COMMAND_SET_H

#include "ns3/object.h"

namespace ns3
{
namespace lpwa
{

class LpwaModule;

/**
 * \brief A group of AT commands of one dialect (e.g. the Quectel file commands).
 *
 * A command set registers its handlers on the module's AtEngine in Install() and keeps the
 * state those commands own. A module holds several; they find each other through
 * LpwaModule::GetCommandSet<T>().
 */
class AtCommandSet : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \brief Register the set's commands on the module's engine.
     * \param module the module
     */
    virtual void Install(Ptr<LpwaModule> module) = 0;

    /**
     * \brief Assign fixed random variable streams to the set's random variables.
     * \param stream first stream index to use
     * \return the number of streams used (0 for a set without randomness)
     */
    virtual int64_t AssignStreams(int64_t stream);

    /**
     * \brief The module lost power (a reset or a power-down): drop what lives in RAM, the
     *        set's connections (without URCs: the engine is off) and its unsaved settings.
     *        Sets whose state all persists (the file system) keep the default, which does
     *        nothing.
     */
    virtual void PowerOff();

    /**
     * \brief The module has booted again: start what a powered module does by itself
     *        (registration). The default does nothing.
     */
    virtual void PowerOn();
};

} // namespace lpwa
} // namespace ns3

#endif // LPWA_AT_COMMAND_SET_H
