-- CreateIndex
CREATE INDEX "Referral_personId_repliedAt_idx" ON "Referral"("personId", "repliedAt");
