-- DropIndex
DROP INDEX "ChannelAddress_personId_idx";

-- CreateIndex
CREATE INDEX "ChannelAddress_personId_channel_lastSeenAt_idx" ON "ChannelAddress"("personId", "channel", "lastSeenAt");
